import type { UserPoolType } from '@aws-sdk/client-cognito-identity-provider'
import type { UserPoolConfig } from '../../../userpool/model'
import type { Wire } from '../../target'
import type { passThroughMembers } from './pool-shapes'

/** The members a pool keeps as they were given (validated only as structures) and echoes. */
type Echoed = Wire<Pick<UserPoolType, keyof typeof passThroughMembers>>

/**
 * Cognito's UserPoolType as CreateUserPool and DescribeUserPool return it. Its type is inferred,
 * so the targets returning it check every member against the SDK's.
 */
export function userPoolType(pool: UserPoolConfig, estimatedNumberOfUsers: number) {
  const {
    Extra,
    partitions: _partitions,
    softwareTokenMfa: _totp,
    smsMfa: _sms,
    emailMfa: _email,
    webAuthn: _webAuthn,
    ...settings
  } = pool
  // Extra holds only the pass-through members (see withExtra), so this is what they are.
  return { ...(Extra as Echoed), ...settings, EstimatedNumberOfUsers: estimatedNumberOfUsers }
}
