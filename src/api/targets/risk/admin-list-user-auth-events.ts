import type { AdminListUserAuthEventsResponse } from '@aws-sdk/client-cognito-identity-provider'
import type { AuthEvent } from '../../../userpool/risk/auth-events'
import { userAuthEvents } from '../../../userpool/risk/list-auth-events'
import { requirePool } from '../../../userpool/store/pool-repository'
import { isKeyCursor, openPageToken, sealPageToken } from '../../page-token'
import { defineTarget, type Wire } from '../../target'
import { PaginationKey, QueryLimit, Username, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

type AuthEventType = NonNullable<Wire<AdminListUserAuthEventsResponse>['AuthEvents']>[number]

/** An event as AuthEventType. */
function authEventType(event: AuthEvent): AuthEventType {
  const { signals } = event
  return {
    EventId: event.eventId,
    EventType: event.type,
    CreationDate: event.at / 1000,
    EventResponse: event.response,
    EventRisk: {
      RiskDecision: event.decision,
      ...(event.level ? { RiskLevel: event.level } : {}),
      CompromisedCredentialsDetected: event.compromisedCredentials ?? false,
    },
    ChallengeResponses: event.challenges,
    EventContextData: {
      ...(signals.ip ? { IpAddress: signals.ip } : {}),
      ...(signals.deviceName || signals.userAgent
        ? { DeviceName: signals.deviceName ?? signals.userAgent }
        : {}),
      ...(signals.timezone ? { Timezone: signals.timezone } : {}),
      ...(signals.city ? { City: signals.city } : {}),
      ...(signals.country ? { Country: signals.country } : {}),
    },
    ...(event.feedback
      ? {
          EventFeedback: {
            FeedbackValue: event.feedback.value,
            Provider: event.feedback.provider,
            FeedbackDate: event.feedback.at / 1000,
          },
        }
      : {}),
  }
}

export const adminListUserAuthEvents = defineTarget<AdminListUserAuthEventsResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, Username, MaxResults: QueryLimit, NextToken: PaginationKey }, [
    'UserPoolId',
    'Username',
  ]),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    const query = {
      operation: 'AdminListUserAuthEvents',
      poolId: pool.Id,
      params: { username: input.Username },
    }
    const after = await openPageToken(services, query, input.NextToken, isKeyCursor)
    const page = await userAuthEvents(services, pool, input.Username, input.MaxResults, after)
    const next = await sealPageToken(services, query, page.next)
    return { AuthEvents: page.events.map(authEventType), ...(next ? { NextToken: next } : {}) }
  },
})
