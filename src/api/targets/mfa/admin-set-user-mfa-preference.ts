import type { AdminSetUserMFAPreferenceResponse } from '@aws-sdk/client-cognito-identity-provider'
import { setMfaPreference } from '../../../userpool/mfa/preferences'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { Username, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { preferenceMembers } from './mfa-shapes'

export const adminSetUserMfaPreference = defineTarget<AdminSetUserMFAPreferenceResponse>()({
  auth: 'sigv4',
  input: structure({ ...preferenceMembers, Username, UserPoolId }, ['Username', 'UserPoolId']),
  async handle({ Username: username, UserPoolId: poolId, ...preferences }, { services }) {
    await setMfaPreference(services, await requirePool(services, poolId), username, preferences)
    return {}
  },
})
