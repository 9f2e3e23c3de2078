import { NotAuthorizedException } from '../../errors/cognito'
import type { PortcullisError } from '../../errors/base'
import {
  InvalidLambdaResponseException,
  UnexpectedLambdaException,
  UserLambdaValidationException,
} from '../../errors/cognito'
import { checkRequiredAttributes, validateAttributes } from '../attributes/attributes'
import { getFederatedUser } from '../store/directory'
import { findLinkedUser } from '../store/links'
import { createUser, updateUser } from '../store/users'
import type { UserPoolConfig, UserRecord } from '../model'
import { newUserRecord } from '../users/new-user'
import type { UserPoolServices } from '../services'
import { inboundFederation } from '../triggers/inbound-federation'
import { postAuthentication } from '../triggers/post-authentication'
import { postConfirmation } from '../triggers/post-confirmation'
import { preAuthentication } from '../triggers/pre-authentication'
import { preSignUp } from '../triggers/pre-sign-up'
import type { TriggerCaller } from '../triggers/trigger-event'
import type { IdentityProvider } from './identity-providers'

/**
 * The federated user, found or made (InboundFederation, PreSignUp_ExternalProvider and
 * PostConfirmation on the way), then signed in as Cognito signs in federated users: the pre and
 * post authentication triggers, before any session or code exists. Every provider type comes
 * here with the upstream's subject as `sub` and its other claims or attributes beside it;
 * `firstSignInClaims` (what a provider says only once, as Apple the name) count when the user is
 * made, and never overwrite what a later sign-in finds.
 */
export async function signInFederatedUser(
  services: UserPoolServices,
  pool: UserPoolConfig,
  provider: IdentityProvider,
  claims: Record<string, unknown> & { sub: string },
  caller: TriggerCaller,
  options: { firstSignInClaims?: Record<string, unknown> } = {},
): Promise<UserRecord> {
  const user = await upsertFederatedUser(
    services,
    pool,
    provider,
    claims,
    caller,
    options.firstSignInClaims ?? {},
  )
  await preAuthentication(services, pool, { user }, caller, { hidesUserExistence: false })
  await postAuthentication(services, pool, user, caller)
  return user
}

/** The provider's claims as pool attributes, through the provider's AttributeMapping. */
function mappedAttributes(
  pool: UserPoolConfig,
  provider: IdentityProvider,
  claims: Record<string, unknown>,
): Record<string, string> {
  const inputs = Object.entries(provider.AttributeMapping)
    .filter(([attribute]) => attribute !== 'username')
    .flatMap(([attribute, claim]) => {
      const value = claims[claim]
      if (value === undefined || value === null) return []
      return [
        {
          Name: attribute,
          Value:
            typeof value === 'string'
              ? value
              : typeof value === 'object'
                ? JSON.stringify(value)
                : String(value),
        },
      ]
    })
  return validateAttributes(pool, inputs, { writer: 'admin', creating: true })
}

/** A trigger's refusal or failure, which reaches the app as Cognito sends it. */
export const isTriggerFailure = (error: unknown): error is PortcullisError =>
  error instanceof UserLambdaValidationException ||
  error instanceof UnexpectedLambdaException ||
  error instanceof InvalidLambdaResponseException

async function upsertFederatedUser(
  services: UserPoolServices,
  pool: UserPoolConfig,
  provider: IdentityProvider,
  upstreamClaims: Record<string, unknown> & { sub: string },
  caller: TriggerCaller,
  firstSignInClaims: Record<string, unknown>,
): Promise<UserRecord> {
  // An identity an administrator linked to an existing user signs in as that user, whose own attributes stay as they are.
  const linked = await findLinkedUser(services, pool, provider.ProviderName, upstreamClaims.sub)
  if (linked) {
    if (!linked.user.enabled) throw new NotAuthorizedException('User is disabled.')
    return linked.user
  }
  // Upstream subjects are case-sensitive, so the name is exact even where local names fold.
  const username = `${provider.ProviderName}_${upstreamClaims.sub}`
  const existing = await getFederatedUser(services, pool, username)
  const said = existing
    ? upstreamClaims
    : { ...firstSignInClaims, ...upstreamClaims, sub: upstreamClaims.sub }
  const claims = await inboundFederation(services, pool, provider, username, said, caller)
  const attributes = mappedAttributes(pool, provider, claims)
  if (existing) {
    if (!existing.user.enabled) throw new NotAuthorizedException('User is disabled.')
    return (
      await updateUser(services, pool, existing, (user) => ({
        ...user,
        attributes: { ...user.attributes, ...attributes },
      }))
    ).user
  }
  checkRequiredAttributes(pool, attributes)
  const identities = [
    {
      userId: claims.sub,
      providerName: provider.ProviderName,
      providerType: provider.ProviderType,
      issuer: null,
      primary: 'true',
      dateCreated: String(services.now()),
    },
  ]
  // The first sign-in creates the user: pre sign-up may refuse it or mark its email/phone verified.
  const decision = await preSignUp(
    services,
    pool,
    'PreSignUp_ExternalProvider',
    { username, attributes },
    caller,
    {},
  )
  if (decision.autoVerifyEmail && attributes.email) attributes.email_verified = 'true'
  if (decision.autoVerifyPhone && attributes.phone_number) attributes.phone_number_verified = 'true'
  const record = newUserRecord({
    username,
    sub: crypto.randomUUID(),
    attributes: { ...attributes, identities: JSON.stringify(identities) },
    status: 'EXTERNAL_PROVIDER',
    now: services.now(),
  })
  const created = (await createUser(services, pool, record)).user
  // A federated user needs no confirmation: the first sign-in is theirs.
  await postConfirmation(services, pool, 'PostConfirmation_ConfirmSignUp', created, caller)
  return created
}
