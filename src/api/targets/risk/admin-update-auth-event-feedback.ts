import type { AdminUpdateAuthEventFeedbackResponse } from '@aws-sdk/client-cognito-identity-provider'
import { adminEventFeedback } from '../../../userpool/risk/feedback'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { Username, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { EventId, FeedbackValue } from './risk-shapes'

export const adminUpdateAuthEventFeedback = defineTarget<AdminUpdateAuthEventFeedbackResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, Username, EventId, FeedbackValue }, [
    'UserPoolId',
    'Username',
    'EventId',
    'FeedbackValue',
  ]),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    await adminEventFeedback(services, pool, input.Username, input.EventId, input.FeedbackValue)
    return {}
  },
})
