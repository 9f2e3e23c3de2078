import type { AdminDeleteUserAttributesResponse } from '@aws-sdk/client-cognito-identity-provider'
import { adminDeleteUserAttributes as deleteAttributes } from '../../../userpool/users/delete-attributes'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { AttributeNameList, Username, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const adminDeleteUserAttributes = defineTarget<AdminDeleteUserAttributesResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, Username, UserAttributeNames: AttributeNameList }, [
    'UserPoolId',
    'Username',
    'UserAttributeNames',
  ]),
  async handle(input, { services }) {
    await deleteAttributes(
      services,
      await requirePool(services, input.UserPoolId),
      input.Username,
      input.UserAttributeNames,
    )
    return {}
  },
})
