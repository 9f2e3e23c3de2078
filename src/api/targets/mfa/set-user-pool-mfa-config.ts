import type { SetUserPoolMfaConfigResponse } from '@aws-sdk/client-cognito-identity-provider'
import { poolMfaConfig, setPoolMfaConfig } from '../../../userpool/mfa/pool-mfa-config'
import { defineTarget } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import { boolean, enumeration, string, structure } from '../../validation/shape'
import {
  EmailMessage,
  EmailSubject,
  SmsConfigurationShape as SmsConfiguration,
  SmsMessage,
} from '../pools/pool-shapes'

export const setUserPoolMfaConfig = defineTarget<SetUserPoolMfaConfigResponse>()({
  auth: 'sigv4',
  input: structure(
    {
      UserPoolId,
      MfaConfiguration: enumeration(['OFF', 'ON', 'OPTIONAL']),
      SoftwareTokenMfaConfiguration: structure({ Enabled: boolean() }),
      SmsMfaConfiguration: structure({ SmsAuthenticationMessage: SmsMessage, SmsConfiguration }),
      EmailMfaConfiguration: structure({ Message: EmailMessage, Subject: EmailSubject }),
      WebAuthnConfiguration: structure({
        // A relying-party id is a domain name (RelyingPartyIdType allows 1 to 127 characters).
        RelyingPartyId: string({
          min: 1,
          max: 127,
          pattern: '[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?',
        }),
        UserVerification: enumeration(['required', 'preferred']),
        FactorConfiguration: enumeration(['SINGLE_FACTOR', 'MULTI_FACTOR_WITH_USER_VERIFICATION']),
      }),
    },
    ['UserPoolId'],
  ),
  async handle({ UserPoolId: poolId, ...settings }, { services }) {
    return poolMfaConfig(await setPoolMfaConfig(services, poolId, settings))
  },
})
