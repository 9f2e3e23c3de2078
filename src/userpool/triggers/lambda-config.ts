import type { UserPoolConfig } from '../model'

/** The triggers of Cognito's LambdaConfigType that name one function each. */
export type TriggerName =
  | 'PreSignUp'
  | 'CustomMessage'
  | 'PostConfirmation'
  | 'PreAuthentication'
  | 'PostAuthentication'
  | 'DefineAuthChallenge'
  | 'CreateAuthChallenge'
  | 'VerifyAuthChallengeResponse'
  | 'PreTokenGeneration'
  | 'UserMigration'
  | 'CustomSMSSender'
  | 'CustomEmailSender'
  | 'InboundFederation'

/** A trigger a pool has: the function's ARN and the event version it is sent. */
export interface ConfiguredTrigger {
  name: TriggerName
  arn: string
  /** `1` for most; pre token generation `1`, `2` or `3` (V1_0, V2_0, V3_0). */
  version: 1 | 2 | 3
}

type VersionedArn = { LambdaArn?: unknown; LambdaVersion?: unknown }

const VERSIONED: Partial<Record<TriggerName, string>> = {
  PreTokenGeneration: 'PreTokenGenerationConfig',
  CustomSMSSender: 'CustomSMSSender',
  CustomEmailSender: 'CustomEmailSender',
  InboundFederation: 'InboundFederation',
}

/**
 * The pool's function for a trigger, or undefined when it has none. PreTokenGenerationConfig
 * wins over the older PreTokenGeneration member, as Cognito's does when both are set.
 */
export function configuredTrigger(
  pool: UserPoolConfig,
  name: TriggerName,
): ConfiguredTrigger | undefined {
  const config = pool.Extra.LambdaConfig as Record<string, unknown> | undefined
  if (!config) return undefined
  const versionedMember = VERSIONED[name]
  if (versionedMember) {
    const versioned = config[versionedMember] as VersionedArn | undefined
    if (versioned && typeof versioned.LambdaArn === 'string') {
      const version =
        versioned.LambdaVersion === 'V3_0' ? 3 : versioned.LambdaVersion === 'V2_0' ? 2 : 1
      return { name, arn: versioned.LambdaArn, version }
    }
  }
  const arn = config[name]
  return typeof arn === 'string' ? { name, arn, version: 1 } : undefined
}
