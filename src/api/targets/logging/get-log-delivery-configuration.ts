import type { GetLogDeliveryConfigurationResponse } from '@aws-sdk/client-cognito-identity-provider'
import { getLogDelivery } from '../../../userpool/logging/log-delivery'
import { defineTarget } from '../../target'
import { structure } from '../../validation/shape'
import { UserPoolId } from './log-shapes'

export const getLogDeliveryConfiguration = defineTarget<GetLogDeliveryConfigurationResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId }, ['UserPoolId']),
  async handle(input, { services }) {
    return { LogDeliveryConfiguration: await getLogDelivery(services, input.UserPoolId) }
  },
})
