import type { UpdateAuthEventFeedbackResponse } from '@aws-sdk/client-cognito-identity-provider'
import { userEventFeedback } from '../../../userpool/risk/feedback'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { Username, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { EventId, FeedbackToken, FeedbackValue } from './risk-shapes'

/** Unauthenticated: the FeedbackToken from the notification is the only proof (counted per address). */
export const updateAuthEventFeedback = defineTarget<UpdateAuthEventFeedbackResponse>()({
  auth: 'public',
  limitedPerIp: true,
  input: structure({ UserPoolId, Username, EventId, FeedbackToken, FeedbackValue }, [
    'UserPoolId',
    'Username',
    'EventId',
    'FeedbackToken',
    'FeedbackValue',
  ]),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    await userEventFeedback(
      services,
      pool,
      input.Username,
      input.EventId,
      input.FeedbackToken,
      input.FeedbackValue,
    )
    return {}
  },
})
