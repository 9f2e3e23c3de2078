import type { GlobalSignOutResponse } from '@aws-sdk/client-cognito-identity-provider'
import { signOutEverywhere } from '../../../userpool/tokens/sign-out'
import { verifyAccessToken } from '../../../userpool/tokens/verify-access-token'
import { defineTarget } from '../../target'
import { AccessToken } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const globalSignOut = defineTarget<GlobalSignOutResponse>()({
  auth: 'public',
  input: structure({ AccessToken }, ['AccessToken']),
  async handle(input, { services, issuerOrigin }) {
    const { pool, loaded } = await verifyAccessToken(services, input.AccessToken, issuerOrigin)
    await signOutEverywhere(services, pool, loaded)
    return {}
  },
})
