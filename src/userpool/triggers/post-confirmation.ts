import type { PostConfirmationTriggerEvent } from 'aws-lambda'
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
 * The post confirmation trigger, called once the user is confirmed and saved ("after a new user is
 * confirmed", as the guide puts it). Its answer decides nothing: the confirmation stands whatever
 * the function does, and its failure (UserLambdaValidationException and the like) is only what
 * the caller is told, as Cognito reports it.
 */
export async function postConfirmation(
  services: UserPoolServices,
  pool: UserPoolConfig,
  source: PostConfirmationTriggerEvent['triggerSource'],
  user: Pick<UserRecord, 'username' | 'sub' | 'status' | 'attributes'>,
  caller: TriggerCaller,
  clientMetadata?: Record<string, string>,
): Promise<void> {
  const trigger = configuredTrigger(pool, 'PostConfirmation')
  if (!trigger) return
  const event: PostConfirmationTriggerEvent = {
    ...eventBase(services, pool, source, user.username, caller),
    triggerSource: source,
    request: {
      userAttributes: triggerUserAttributes(pool, user),
      ...clientMetadataMember(clientMetadata),
    },
    response: {},
  }
  await runTrigger(services, trigger, event)
}
