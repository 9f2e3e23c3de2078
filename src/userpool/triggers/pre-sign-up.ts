import type { PreSignUpTriggerEvent } from 'aws-lambda'
import type { UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { configuredTrigger } from './lambda-config'
import { runTrigger } from './run-trigger'
import {
  clientMetadataMember,
  eventBase,
  responseMember,
  type TriggerCaller,
} from './trigger-event'

/** What a pre sign-up function decided (all false when the pool has none). */
export interface PreSignUpDecision {
  autoConfirmUser: boolean
  autoVerifyEmail: boolean
  autoVerifyPhone: boolean
}

const NOTHING: PreSignUpDecision = {
  autoConfirmUser: false,
  autoVerifyEmail: false,
  autoVerifyPhone: false,
}

/**
 * The pre sign-up trigger, before the user is written: a refusal is UserLambdaValidationException
 * with the function's message. AdminCreateUser's decisions are ignored, as Cognito ignores them.
 */
export async function preSignUp(
  services: UserPoolServices,
  pool: UserPoolConfig,
  source: PreSignUpTriggerEvent['triggerSource'],
  user: Pick<UserRecord, 'username' | 'attributes'>,
  caller: TriggerCaller,
  data: { validationData?: Record<string, string>; clientMetadata?: Record<string, string> },
): Promise<PreSignUpDecision> {
  const trigger = configuredTrigger(pool, 'PreSignUp')
  if (!trigger) return NOTHING
  const event: PreSignUpTriggerEvent = {
    ...eventBase(services, pool, source, user.username, caller),
    triggerSource: source,
    request: {
      // The attributes as given: the user has no status and no stored sub yet.
      userAttributes: { ...user.attributes },
      ...(data.validationData ? { validationData: data.validationData } : {}),
      ...clientMetadataMember(data.clientMetadata),
    },
    response: { ...NOTHING },
  }
  const { response } = await runTrigger(services, trigger, event)
  if (source === 'PreSignUp_AdminCreateUser') return NOTHING
  return {
    autoConfirmUser: responseMember(response, 'autoConfirmUser', 'boolean') ?? false,
    autoVerifyEmail: responseMember(response, 'autoVerifyEmail', 'boolean') ?? false,
    autoVerifyPhone: responseMember(response, 'autoVerifyPhone', 'boolean') ?? false,
  }
}
