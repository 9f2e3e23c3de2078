import type { CreateAuthChallengeTriggerEvent } from 'aws-lambda'
import { InvalidLambdaResponseException } from '../../errors/cognito'
import type { UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import type {
  ChallengeHistoryEntry,
  ChallengeSubject,
  UnsetResponse,
} from './define-auth-challenge'
import type { ConfiguredTrigger } from './lambda-config'
import { runTrigger } from './run-trigger'
import {
  clientMetadataMember,
  eventBase,
  responseMember,
  type TriggerCaller,
} from './trigger-event'

/** The challenge a create auth challenge function made: what the app sees, what only Verify sees. */
export interface CreatedChallenge {
  publicChallengeParameters: Record<string, string>
  privateChallengeParameters: Record<string, string>
  challengeMetadata?: string
}

/** The create auth challenge trigger: the contents of the challenge Define asked for. */
export async function createAuthChallenge(
  services: UserPoolServices,
  pool: UserPoolConfig,
  trigger: ConfiguredTrigger,
  subject: ChallengeSubject,
  challengeName: string,
  history: readonly ChallengeHistoryEntry[],
  caller: TriggerCaller,
  clientMetadata: Record<string, string> | undefined,
): Promise<CreatedChallenge> {
  const source = 'CreateAuthChallenge_Authentication'
  const event: Omit<CreateAuthChallengeTriggerEvent, 'response'> & {
    response: UnsetResponse<CreateAuthChallengeTriggerEvent>
  } = {
    ...eventBase(services, pool, source, subject.userName, caller),
    triggerSource: source,
    request: {
      userAttributes: subject.userAttributes,
      challengeName,
      session: [...history],
      ...clientMetadataMember(clientMetadata),
      ...(subject.userNotFound === undefined ? {} : { userNotFound: subject.userNotFound }),
    },
    // Cognito sends these unset; the function fills them in.
    response: {
      publicChallengeParameters: null,
      privateChallengeParameters: null,
      challengeMetadata: null,
    },
  }
  const { response } = await runTrigger(services, trigger, event)
  const challengeMetadata = responseMember(response, 'challengeMetadata', 'string')
  return {
    publicChallengeParameters: stringMap(response, 'publicChallengeParameters'),
    privateChallengeParameters: stringMap(response, 'privateChallengeParameters'),
    ...(challengeMetadata === undefined ? {} : { challengeMetadata }),
  }
}

/** A map of strings the function returned (absent is empty); any other value is refused. */
function stringMap(response: object, name: string): Record<string, string> {
  const map = responseMember(response, name, 'object') ?? {}
  for (const value of Object.values(map)) {
    if (typeof value !== 'string')
      throw new InvalidLambdaResponseException('Unrecognizable lambda output', {
        detail: `response.${name} must map strings to strings`,
      })
  }
  return map as Record<string, string>
}
