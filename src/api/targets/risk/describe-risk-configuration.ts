import type { DescribeRiskConfigurationResponse } from '@aws-sdk/client-cognito-identity-provider'
import { describeRiskConfiguration as describe } from '../../../userpool/risk/risk-configuration'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { ClientId, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { riskConfigurationType } from './risk-configuration-type'

export const describeRiskConfiguration = defineTarget<DescribeRiskConfigurationResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, ClientId }, ['UserPoolId']),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    return {
      RiskConfiguration: riskConfigurationType(
        pool,
        await describe(services, pool, input.ClientId),
      ),
    }
  },
})
