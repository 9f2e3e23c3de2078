import type { AdminGetUserResponse } from '@aws-sdk/client-cognito-identity-provider'
import { requireUser } from '../../../userpool/store/directory'
import { mfaOptionsOf, mfaSettingsOf } from '../../../userpool/mfa/preferences'
import { requirePool } from '../../../userpool/store/pool-repository'
import { attributeList } from '../../../userpool/users/user-view'
import { defineTarget } from '../../target'
import { Username, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const adminGetUser = defineTarget<AdminGetUserResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, Username }, ['UserPoolId', 'Username']),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    const { user } = await requireUser(services, pool, input.Username)
    return {
      Username: user.username,
      UserAttributes: attributeList(user),
      UserCreateDate: Math.floor(user.createdAt / 1000),
      UserLastModifiedDate: Math.floor(user.updatedAt / 1000),
      Enabled: user.enabled,
      UserStatus: user.status,
      MFAOptions: mfaOptionsOf(user),
      ...mfaSettingsOf(user),
    }
  },
})
