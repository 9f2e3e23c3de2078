import type { DescribeUserPoolClientResponse } from '@aws-sdk/client-cognito-identity-provider'
import { requireClient, requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { userPoolClientType } from './client-shapes'
import { ClientId, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const describeUserPoolClient = defineTarget<DescribeUserPoolClientResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, ClientId }, ['UserPoolId', 'ClientId']),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    return {
      UserPoolClient: userPoolClientType(await requireClient(services, pool.Id, input.ClientId)),
    }
  },
})
