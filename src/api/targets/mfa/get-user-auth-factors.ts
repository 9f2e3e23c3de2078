import type { GetUserAuthFactorsResponse } from '@aws-sdk/client-cognito-identity-provider'
import { authFactorsOf } from '../../../userpool/mfa/auth-factors'
import { configuredFirstFactors } from '../../../userpool/passkeys/configured-factors'
import { verifyAccessToken } from '../../../userpool/tokens/verify-access-token'
import { defineTarget } from '../../target'
import { AccessToken } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const getUserAuthFactors = defineTarget<GetUserAuthFactorsResponse>()({
  auth: 'public',
  input: structure({ AccessToken }, ['AccessToken']),
  async handle(input, { services, issuerOrigin }) {
    const { pool, loaded } = await verifyAccessToken(services, input.AccessToken, issuerOrigin)
    return {
      ...authFactorsOf(loaded.user),
      ConfiguredUserAuthFactors: await configuredFirstFactors(services, pool, loaded.user),
    }
  },
})
