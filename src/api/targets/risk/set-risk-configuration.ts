import type { SetRiskConfigurationResponse } from '@aws-sdk/client-cognito-identity-provider'
import { setRiskConfiguration as setConfiguration } from '../../../userpool/risk/risk-configuration'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { ClientId, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { riskConfigurationType } from './risk-configuration-type'
import {
  AccountTakeoverRiskConfiguration,
  CompromisedCredentialsRiskConfiguration,
  RiskExceptionConfiguration,
} from './risk-shapes'

export const setRiskConfiguration = defineTarget<SetRiskConfigurationResponse>()({
  auth: 'sigv4',
  input: structure(
    {
      UserPoolId,
      ClientId,
      CompromisedCredentialsRiskConfiguration,
      AccountTakeoverRiskConfiguration,
      RiskExceptionConfiguration,
    },
    ['UserPoolId'],
  ),
  async handle({ UserPoolId: poolId, ClientId: clientId, ...configuration }, { services }) {
    const pool = await requirePool(services, poolId)
    const stored = await setConfiguration(services, pool, clientId, configuration)
    return { RiskConfiguration: riskConfigurationType(pool, stored) }
  },
})
