import type { InboundFederationProviderType, InboundFederationTriggerEvent } from 'aws-lambda'
import { InvalidLambdaResponseException } from '../../errors/cognito'
import type { UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { configuredTrigger } from './lambda-config'
import { runTrigger } from './run-trigger'
import { eventBase, responseMember, type TriggerCaller } from './trigger-event'

/** A claim as the event carries it: a string, other JSON values as their JSON text. */
const asString = (value: unknown): string =>
  typeof value === 'string' ? value : JSON.stringify(value)

/**
 * The inbound federation trigger (LambdaConfig.InboundFederation, V1_0), on every federated
 * sign-in before the provider's attributes are mapped: the function sees the provider's verified
 * ID token claims and answers `userAttributesToMap`, the attributes to map in their place (all of
 * them: one it leaves out is dropped); an empty object keeps the provider's attributes as they are.
 * Returns the attributes to map. `sub` is the provider's subject and always stays.
 */
export async function inboundFederation(
  services: UserPoolServices,
  pool: UserPoolConfig,
  provider: { ProviderName: string; ProviderType: string },
  userName: string,
  claims: Record<string, unknown> & { sub: string },
  caller: TriggerCaller,
): Promise<Record<string, unknown> & { sub: string }> {
  const trigger = configuredTrigger(pool, 'InboundFederation')
  if (!trigger) return claims
  const idToken = Object.fromEntries(
    Object.entries(claims)
      .filter(([, value]) => value !== undefined && value !== null)
      .map(([name, value]) => [name, asString(value)]),
  )
  const event: InboundFederationTriggerEvent = {
    ...eventBase(services, pool, 'InboundFederation_ExternalProvider', userName, caller),
    triggerSource: 'InboundFederation_ExternalProvider',
    request: {
      providerName: provider.ProviderName,
      providerType: provider.ProviderType as InboundFederationProviderType,
      attributes: { idToken },
    },
    response: { userAttributesToMap: {} },
  }
  const { response } = await runTrigger(services, trigger, event)
  const answered = responseMember(response, 'userAttributesToMap', 'object') ?? {}
  if (Object.keys(answered).length === 0) return claims
  for (const [name, value] of Object.entries(answered))
    if (typeof value !== 'string')
      throw new InvalidLambdaResponseException('Unrecognizable lambda output', {
        detail: `response.userAttributesToMap.${name} is not a string`,
      })
  return { ...(answered as Record<string, string>), sub: claims.sub }
}
