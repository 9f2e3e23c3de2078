import { InvalidParameterException, ResourceNotFoundException } from '../../errors/cognito'
import type { UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { clientRecords } from '../store/pool-store'
import { riskConfigurationRecords } from '../store/pool-settings-store'
import { requireAdvancedSecurity } from './add-ons'
import { parseIpRange } from './ip-ranges'
import { type LevelAction, type RiskConfiguration, TAKEOVER_ACTIONS } from './risk-types'

export type RiskConfigurationInput = Omit<RiskConfiguration, 'target' | 'LastModifiedDate'>

const POOL_TARGET = 'ALL'
const strictness = (action: LevelAction | undefined): number =>
  TAKEOVER_ACTIONS.indexOf(action?.EventAction ?? 'NO_ACTION')

/**
 * Cognito's rules on a configuration: a higher risk level is never met with a less strict action
 * than a lower one, a notification needs its NotifyConfiguration, and every IP range is CIDR.
 */
export function validateRiskConfiguration(input: RiskConfigurationInput): void {
  const takeover = input.AccountTakeoverRiskConfiguration
  if (takeover) {
    const { LowAction, MediumAction, HighAction } = takeover.Actions
    if (
      strictness(MediumAction) < strictness(LowAction) ||
      strictness(HighAction) < strictness(MediumAction)
    )
      throw new InvalidParameterException(
        'The action for a higher risk level cannot be less strict than the action for a lower risk level.',
      )
    const notifies = [LowAction, MediumAction, HighAction].some((action) => action?.Notify)
    if (notifies && !takeover.NotifyConfiguration)
      throw new InvalidParameterException(
        'NotifyConfiguration is required when an account takeover action notifies the user.',
      )
  }
  const exceptions = input.RiskExceptionConfiguration
  for (const range of [
    ...(exceptions?.BlockedIPRangeList ?? []),
    ...(exceptions?.SkippedIPRangeList ?? []),
  ])
    if (parseIpRange(range) === null)
      throw new InvalidParameterException(`${range.slice(0, 64)} is not a valid CIDR range.`)
}

async function targetOf(
  services: UserPoolServices,
  pool: UserPoolConfig,
  clientId: string | undefined,
): Promise<string> {
  if (clientId === undefined) return POOL_TARGET
  if (!(await clientRecords.find(services, pool.Id, clientId)))
    throw new ResourceNotFoundException(`User pool client ${clientId} does not exist.`)
  return clientId
}

/**
 * SetRiskConfiguration: replaces the configuration of the pool, or of one app client (which then
 * applies to that client instead of the pool's, member for member as given).
 */
export async function setRiskConfiguration(
  services: UserPoolServices,
  pool: UserPoolConfig,
  clientId: string | undefined,
  input: RiskConfigurationInput,
): Promise<RiskConfiguration> {
  requireAdvancedSecurity(pool)
  validateRiskConfiguration(input)
  const target = await targetOf(services, pool, clientId)
  return riskConfigurationRecords.put(services, pool.Id, target, () => ({
    ...input,
    target,
    LastModifiedDate: services.now(),
  }))
}

/**
 * DescribeRiskConfiguration: the configuration set for the client, else the pool's; an empty one
 * where nothing was ever set.
 */
export async function describeRiskConfiguration(
  services: UserPoolServices,
  pool: UserPoolConfig,
  clientId: string | undefined,
): Promise<RiskConfiguration | { target: string }> {
  requireAdvancedSecurity(pool)
  const target = await targetOf(services, pool, clientId)
  return (await effectiveRiskConfiguration(services, pool, target)) ?? { target }
}

/** The configuration a sign-in through `clientId` is judged by: the client's own, else the pool's. */
export async function effectiveRiskConfiguration(
  services: UserPoolServices,
  pool: UserPoolConfig,
  clientId: string,
): Promise<RiskConfiguration | null> {
  if (clientId !== POOL_TARGET) {
    const own = await riskConfigurationRecords.find(services, pool.Id, clientId)
    if (own) return own
  }
  return riskConfigurationRecords.find(services, pool.Id, POOL_TARGET)
}

/** Whether the record is the pool's own configuration (DescribeRiskConfiguration omits ClientId then). */
export const isPoolConfiguration = (record: { target: string }): boolean =>
  record.target === POOL_TARGET
