import type { AdminCreateUserResponse } from '@aws-sdk/client-cognito-identity-provider'
import { adminCreateUser as createUser } from '../../../userpool/users/create-user'
import { requirePool } from '../../../userpool/store/pool-repository'
import { userType } from '../../../userpool/users/user-view'
import { defineTarget } from '../../target'
import {
  AttributeList,
  ClientMetadata,
  DeliveryMediums,
  Username,
  UserPoolId,
} from '../../validation/cognito-shapes'
import { boolean, enumeration, string, structure } from '../../validation/shape'

/** PasswordType, except that a blank value is accepted and means "generate one", as Cognito documents. */
const TemporaryPassword = string({ max: 256, pattern: '[\\S]*' })

export const adminCreateUser = defineTarget<AdminCreateUserResponse>()({
  auth: 'sigv4',
  input: structure(
    {
      UserPoolId,
      Username,
      UserAttributes: AttributeList,
      ValidationData: AttributeList,
      TemporaryPassword,
      ForceAliasCreation: boolean(),
      MessageAction: enumeration(['RESEND', 'SUPPRESS']),
      DesiredDeliveryMediums: DeliveryMediums,
      ClientMetadata,
    },
    ['UserPoolId', 'Username'],
  ),
  async handle(input, { services, awsSdkVersion }) {
    const pool = await requirePool(services, input.UserPoolId)
    const user = await createUser(services, pool, input, { awsSdkVersion })
    return { User: userType(user) }
  },
})
