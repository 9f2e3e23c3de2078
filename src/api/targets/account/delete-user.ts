import { deleteOwnUser } from '../../../userpool/account/delete-user'
import { verifyAccessToken } from '../../../userpool/tokens/verify-access-token'
import { defineTarget, type NoOutput } from '../../target'
import { AccessToken } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const deleteUser = defineTarget<NoOutput>()({
  auth: 'public',
  input: structure({ AccessToken }, ['AccessToken']),
  async handle(input, { services, issuerOrigin }) {
    await deleteOwnUser(
      services,
      await verifyAccessToken(services, input.AccessToken, issuerOrigin),
    )
    return {}
  },
})
