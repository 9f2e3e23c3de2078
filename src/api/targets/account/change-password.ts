import type { ChangePasswordResponse } from '@aws-sdk/client-cognito-identity-provider'
import { changePassword as change } from '../../../userpool/account/change-password'
import { verifyAccessToken } from '../../../userpool/tokens/verify-access-token'
import { defineTarget } from '../../target'
import { AccessToken, Password } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const changePassword = defineTarget<ChangePasswordResponse>()({
  auth: 'public',
  limitedPerIp: true,
  input: structure({ PreviousPassword: Password, ProposedPassword: Password, AccessToken }, [
    'ProposedPassword',
    'AccessToken',
  ]),
  async handle(input, { services, issuerOrigin }) {
    await change(
      services,
      await verifyAccessToken(services, input.AccessToken, issuerOrigin),
      input.PreviousPassword,
      input.ProposedPassword,
    )
    return {}
  },
})
