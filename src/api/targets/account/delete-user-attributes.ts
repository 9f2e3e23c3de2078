import type { DeleteUserAttributesResponse } from '@aws-sdk/client-cognito-identity-provider'
import { deleteOwnAttributes } from '../../../userpool/account/delete-attributes'
import { verifyAccessToken } from '../../../userpool/tokens/verify-access-token'
import { defineTarget } from '../../target'
import { AccessToken, AttributeNameList } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const deleteUserAttributes = defineTarget<DeleteUserAttributesResponse>()({
  auth: 'public',
  input: structure({ UserAttributeNames: AttributeNameList, AccessToken }, [
    'UserAttributeNames',
    'AccessToken',
  ]),
  async handle(input, { services, issuerOrigin }) {
    await deleteOwnAttributes(
      services,
      await verifyAccessToken(services, input.AccessToken, issuerOrigin),
      input.UserAttributeNames,
    )
    return {}
  },
})
