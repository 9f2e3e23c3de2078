import type { PostAuthenticationTriggerEvent } from 'aws-lambda'
import type { UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { configuredTrigger } from './lambda-config'
import { runTrigger } from './run-trigger'
import {
  clientMetadataMember,
  eventBase,
  type TriggerCaller,
  triggerUserAttributes,
} from './trigger-event'

/**
 * The post authentication trigger, once every factor is proven and before any token or refresh
 * family exists: a failure refuses the sign-in (UserLambdaValidationException with the function's
 * message). `newDeviceUsed` is false: Portcullis does not remember devices. ClientMetadata comes
 * only from RespondToAuthChallenge, as in Cognito.
 */
export async function postAuthentication(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
  caller: TriggerCaller,
  clientMetadata?: Record<string, string>,
): Promise<void> {
  const trigger = configuredTrigger(pool, 'PostAuthentication')
  if (!trigger) return
  const event: PostAuthenticationTriggerEvent = {
    ...eventBase(services, pool, 'PostAuthentication_Authentication', user.username, caller),
    triggerSource: 'PostAuthentication_Authentication',
    request: {
      userAttributes: triggerUserAttributes(pool, user),
      newDeviceUsed: false,
      ...clientMetadataMember(clientMetadata),
    },
    response: {},
  }
  await runTrigger(services, trigger, event)
}
