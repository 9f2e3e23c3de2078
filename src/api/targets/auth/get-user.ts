import type { GetUserResponse } from '@aws-sdk/client-cognito-identity-provider'
import { readableAttributes } from '../../../userpool/attributes/attributes'
import { mfaOptionsOf, mfaSettingsOf } from '../../../userpool/mfa/preferences'
import { verifyAccessToken } from '../../../userpool/tokens/verify-access-token'
import { defineTarget } from '../../target'
import { AccessToken } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const getUser = defineTarget<GetUserResponse>()({
  auth: 'public',
  input: structure({ AccessToken }, ['AccessToken']),
  async handle(input, { services, issuerOrigin }) {
    const { client, loaded } = await verifyAccessToken(services, input.AccessToken, issuerOrigin)
    const { user } = loaded
    const attributes = { sub: user.sub, ...readableAttributes(client, user.attributes) }
    return {
      Username: user.username,
      UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
      MFAOptions: mfaOptionsOf(user),
      ...mfaSettingsOf(user),
    }
  },
})
