import type { RiskConfigurationType } from '@aws-sdk/client-cognito-identity-provider'
import type { UserPoolConfig } from '../../../userpool/model'
import { isPoolConfiguration } from '../../../userpool/risk/risk-configuration'
import type { RiskConfiguration } from '../../../userpool/risk/risk-types'
import type { Wire } from '../../target'

/** RiskConfigurationType as Set and DescribeRiskConfiguration return it. */
export function riskConfigurationType(
  pool: UserPoolConfig,
  record: RiskConfiguration | { target: string },
): Wire<RiskConfigurationType> {
  const stored = record as Partial<RiskConfiguration> & { target: string }
  return {
    UserPoolId: pool.Id,
    ...(isPoolConfiguration(stored) ? {} : { ClientId: stored.target }),
    ...(stored.AccountTakeoverRiskConfiguration
      ? { AccountTakeoverRiskConfiguration: stored.AccountTakeoverRiskConfiguration }
      : {}),
    ...(stored.CompromisedCredentialsRiskConfiguration
      ? { CompromisedCredentialsRiskConfiguration: stored.CompromisedCredentialsRiskConfiguration }
      : {}),
    ...(stored.RiskExceptionConfiguration
      ? { RiskExceptionConfiguration: stored.RiskExceptionConfiguration }
      : {}),
    ...(stored.LastModifiedDate !== undefined
      ? { LastModifiedDate: stored.LastModifiedDate / 1000 }
      : {}),
  }
}
