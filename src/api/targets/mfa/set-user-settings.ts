import type { SetUserSettingsResponse } from '@aws-sdk/client-cognito-identity-provider'
import { setLegacyMfaOptions } from '../../../userpool/mfa/preferences'
import { verifyAccessToken } from '../../../userpool/tokens/verify-access-token'
import { defineTarget } from '../../target'
import { AccessToken } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { MfaOptions } from './mfa-shapes'

/** The legacy SMS MFA switch amazon-cognito-identity-js's enableMFA / disableMFA still send. */
export const setUserSettings = defineTarget<SetUserSettingsResponse>()({
  auth: 'public',
  input: structure({ AccessToken, MFAOptions: MfaOptions }, ['AccessToken', 'MFAOptions']),
  async handle(input, { services, issuerOrigin }) {
    const { pool, loaded } = await verifyAccessToken(services, input.AccessToken, issuerOrigin)
    await setLegacyMfaOptions(services, pool, loaded.user.username, input.MFAOptions)
    return {}
  },
})
