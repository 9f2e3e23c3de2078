import type { UpdateUserPoolClientResponse } from '@aws-sdk/client-cognito-identity-provider'
import { updateClient } from '../../../userpool/clients/clients'
import { defineTarget } from '../../target'
import { ClientId, ClientName, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { clientSettingMembers, userPoolClientType } from './client-shapes'

export const updateUserPoolClient = defineTarget<UpdateUserPoolClientResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, ClientId, ClientName, ...clientSettingMembers }, [
    'UserPoolId',
    'ClientId',
  ]),
  async handle({ UserPoolId: poolId, ClientId: clientId, ...settings }, { services }) {
    return {
      UserPoolClient: userPoolClientType(await updateClient(services, poolId, clientId, settings)),
    }
  },
})
