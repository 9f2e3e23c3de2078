import type { SetUserMFAPreferenceResponse } from '@aws-sdk/client-cognito-identity-provider'
import { setMfaPreference } from '../../../userpool/mfa/preferences'
import { verifyAccessToken } from '../../../userpool/tokens/verify-access-token'
import { defineTarget } from '../../target'
import { AccessToken } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { preferenceMembers } from './mfa-shapes'

export const setUserMfaPreference = defineTarget<SetUserMFAPreferenceResponse>()({
  auth: 'public',
  input: structure({ ...preferenceMembers, AccessToken }, ['AccessToken']),
  async handle({ AccessToken: token, ...preferences }, { services, issuerOrigin }) {
    const { pool, loaded } = await verifyAccessToken(services, token, issuerOrigin)
    await setMfaPreference(services, pool, loaded.user.username, preferences)
    return {}
  },
})
