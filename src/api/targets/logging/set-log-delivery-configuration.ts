import type { SetLogDeliveryConfigurationResponse } from '@aws-sdk/client-cognito-identity-provider'
import { setLogDelivery } from '../../../userpool/logging/log-delivery'
import { defineTarget } from '../../target'
import { structure } from '../../validation/shape'
import { LogConfigurations, UserPoolId } from './log-shapes'

export const setLogDeliveryConfiguration = defineTarget<SetLogDeliveryConfigurationResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, LogConfigurations }, ['UserPoolId', 'LogConfigurations']),
  async handle(input, { services }) {
    return {
      LogDeliveryConfiguration: await setLogDelivery(
        services,
        input.UserPoolId,
        input.LogConfigurations,
      ),
    }
  },
})
