import type { AdminSetUserSettingsResponse } from '@aws-sdk/client-cognito-identity-provider'
import { setLegacyMfaOptions } from '../../../userpool/mfa/preferences'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { Username, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { MfaOptions } from './mfa-shapes'

export const adminSetUserSettings = defineTarget<AdminSetUserSettingsResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, Username, MFAOptions: MfaOptions }, [
    'UserPoolId',
    'Username',
    'MFAOptions',
  ]),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    await setLegacyMfaOptions(services, pool, input.Username, input.MFAOptions)
    return {}
  },
})
