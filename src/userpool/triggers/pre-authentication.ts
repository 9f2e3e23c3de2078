import type { PreAuthenticationTriggerEvent } from 'aws-lambda'
import type { UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { configuredTrigger } from './lambda-config'
import { runTrigger } from './run-trigger'
import { eventBase, type TriggerCaller, triggerUserAttributes } from './trigger-event'

/** Who is signing in: the stored user, or (with PreventUserExistenceErrors) the name given for none. */
type SignInSubject =
  | { user: UserRecord }
  | { user: null /** The sign-in name as given. */; name: string }

/**
 * The pre authentication trigger, before any password or SRP work: a refusal is
 * UserLambdaValidationException with the function's message, and the attempt is not counted
 * against the account (nothing was tried). Cognito sends it for unknown users only when the
 * client hides user existence, with `userNotFound: true`; `userNotFound` is present only then.
 * The sign-in's ClientMetadata (InitiateAuth / AdminInitiateAuth) arrives as `validationData`.
 */
export async function preAuthentication(
  services: UserPoolServices,
  pool: UserPoolConfig,
  subject: SignInSubject,
  caller: TriggerCaller,
  data: { hidesUserExistence: boolean; validationData?: Record<string, string> },
): Promise<void> {
  const trigger = configuredTrigger(pool, 'PreAuthentication')
  if (!trigger) return
  const userName = subject.user ? subject.user.username : subject.name
  const event: PreAuthenticationTriggerEvent = {
    ...eventBase(services, pool, 'PreAuthentication_Authentication', userName, caller),
    triggerSource: 'PreAuthentication_Authentication',
    request: {
      userAttributes: subject.user ? triggerUserAttributes(pool, subject.user) : {},
      ...(data.validationData && Object.keys(data.validationData).length > 0
        ? { validationData: data.validationData }
        : {}),
      ...(data.hidesUserExistence ? { userNotFound: subject.user === null } : {}),
    },
    response: {},
  }
  await runTrigger(services, trigger, event)
}
