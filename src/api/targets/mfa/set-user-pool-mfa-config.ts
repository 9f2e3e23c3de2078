import type { SetUserPoolMfaConfigResponse } from '@aws-sdk/client-cognito-identity-provider'
import { poolMfaConfig, setPoolMfaConfig } from '../../../userpool/mfa/pool-mfa-config'
import { defineTarget } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import { boolean, enumeration, opaqueStructure, structure } from '../../validation/shape'

export const setUserPoolMfaConfig = defineTarget<SetUserPoolMfaConfigResponse>()({
  auth: 'sigv4',
  input: structure(
    {
      UserPoolId,
      MfaConfiguration: enumeration(['OFF', 'ON', 'OPTIONAL']),
      SoftwareTokenMfaConfiguration: structure({ Enabled: boolean() }),
      SmsMfaConfiguration: opaqueStructure(),
      EmailMfaConfiguration: opaqueStructure(),
      WebAuthnConfiguration: opaqueStructure(),
    },
    ['UserPoolId'],
  ),
  async handle({ UserPoolId: poolId, ...settings }, { services }) {
    return poolMfaConfig(await setPoolMfaConfig(services, poolId, settings))
  },
})
