import type { DefineAuthChallengeTriggerEvent } from 'aws-lambda'
import type { UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import type { ConfiguredTrigger } from './lambda-config'
import { runTrigger } from './run-trigger'
import {
  clientMetadataMember,
  eventBase,
  responseMember,
  type TriggerCaller,
} from './trigger-event'

/** One entry of a custom sign-in's history, as the challenge triggers see it. */
export type ChallengeHistoryEntry = DefineAuthChallengeTriggerEvent['request']['session'][number]

/** Who a custom sign-in is about, as its events describe them. */
export interface ChallengeSubject {
  /** The stored username (the name as given for an unknown user). */
  userName: string
  userAttributes: Record<string, string>
  /** Present only where the client hides unknown users (PreventUserExistenceErrors). */
  userNotFound?: boolean
}

/** A response as Cognito sends it, before the function fills it in: members may be null. */
export type UnsetResponse<Event extends { response: object }> = {
  [K in keyof Event['response']]-?: Event['response'][K] | null
}

/** What a define auth challenge function decided. */
export interface DefineAuthChallengeDecision {
  issueTokens: boolean
  failAuthentication: boolean
  challengeName?: string
}

/**
 * The define auth challenge trigger: given the history so far, tokens, failure or the next
 * challenge. Nothing is written here; the caller acts on the decision.
 */
export async function defineAuthChallenge(
  services: UserPoolServices,
  pool: UserPoolConfig,
  trigger: ConfiguredTrigger,
  subject: ChallengeSubject,
  history: readonly ChallengeHistoryEntry[],
  caller: TriggerCaller,
  clientMetadata: Record<string, string> | undefined,
): Promise<DefineAuthChallengeDecision> {
  const source = 'DefineAuthChallenge_Authentication'
  const event: Omit<DefineAuthChallengeTriggerEvent, 'response'> & {
    response: UnsetResponse<DefineAuthChallengeTriggerEvent>
  } = {
    ...eventBase(services, pool, source, subject.userName, caller),
    triggerSource: source,
    request: {
      userAttributes: subject.userAttributes,
      session: [...history],
      ...clientMetadataMember(clientMetadata),
      ...(subject.userNotFound === undefined ? {} : { userNotFound: subject.userNotFound }),
    },
    response: { challengeName: null, issueTokens: false, failAuthentication: false },
  }
  const { response } = await runTrigger(services, trigger, event)
  const challengeName = responseMember(response, 'challengeName', 'string')
  return {
    issueTokens: responseMember(response, 'issueTokens', 'boolean') ?? false,
    failAuthentication: responseMember(response, 'failAuthentication', 'boolean') ?? false,
    ...(challengeName ? { challengeName } : {}),
  }
}
