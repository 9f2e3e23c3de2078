import type { CreateUserPoolClientResponse } from '@aws-sdk/client-cognito-identity-provider'
import { createClient } from '../../../userpool/clients/clients'
import { defineTarget } from '../../target'
import { ClientName, UserPoolId } from '../../validation/cognito-shapes'
import { boolean, string, structure } from '../../validation/shape'
import { clientSettingMembers, userPoolClientType } from './client-shapes'

export const createUserPoolClient = defineTarget<CreateUserPoolClientResponse>()({
  auth: 'sigv4',
  input: structure(
    {
      UserPoolId,
      ClientName,
      GenerateSecret: boolean(),
      ClientSecret: string({ min: 24, max: 64, pattern: '[\\w+]+' }),
      ...clientSettingMembers,
    },
    ['UserPoolId', 'ClientName'],
  ),
  async handle({ UserPoolId: poolId, ...settings }, { services }) {
    return { UserPoolClient: userPoolClientType(await createClient(services, poolId, settings)) }
  },
})
