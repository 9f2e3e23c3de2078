import type { AdminUpdateUserAttributesResponse } from '@aws-sdk/client-cognito-identity-provider'
import { adminUpdateUserAttributes as update } from '../../../userpool/users/update-attributes'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import {
  AttributeList,
  ClientMetadata,
  Username,
  UserPoolId,
} from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const adminUpdateUserAttributes = defineTarget<AdminUpdateUserAttributesResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, Username, UserAttributes: AttributeList, ClientMetadata }, [
    'UserPoolId',
    'Username',
    'UserAttributes',
  ]),
  async handle(input, { services, awsSdkVersion }) {
    await update(
      services,
      await requirePool(services, input.UserPoolId),
      input.Username,
      input.UserAttributes,
      {
        caller: { awsSdkVersion },
        ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
      },
    )
    return {}
  },
})
