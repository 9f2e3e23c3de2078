import type { VerifyAuthChallengeResponseTriggerEvent } from 'aws-lambda'
import type { UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import type { ChallengeSubject } from './define-auth-challenge'
import type { ConfiguredTrigger } from './lambda-config'
import { runTrigger } from './run-trigger'
import {
  clientMetadataMember,
  eventBase,
  responseMember,
  type TriggerCaller,
} from './trigger-event'

/** The verify auth challenge response trigger: whether the answer is right (false unless it says so). */
export async function verifyAuthChallengeResponse(
  services: UserPoolServices,
  pool: UserPoolConfig,
  trigger: ConfiguredTrigger,
  subject: ChallengeSubject,
  privateChallengeParameters: Record<string, string>,
  challengeAnswer: string,
  caller: TriggerCaller,
  clientMetadata: Record<string, string> | undefined,
): Promise<boolean> {
  const source = 'VerifyAuthChallengeResponse_Authentication'
  const event: VerifyAuthChallengeResponseTriggerEvent = {
    ...eventBase(services, pool, source, subject.userName, caller),
    triggerSource: source,
    request: {
      userAttributes: subject.userAttributes,
      privateChallengeParameters,
      challengeAnswer,
      ...clientMetadataMember(clientMetadata),
      ...(subject.userNotFound === undefined ? {} : { userNotFound: subject.userNotFound }),
    },
    response: { answerCorrect: false },
  }
  const { response } = await runTrigger(services, trigger, event)
  return responseMember(response, 'answerCorrect', 'boolean') ?? false
}
