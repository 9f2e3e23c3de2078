import type { DescribeResourceServerResponse } from '@aws-sdk/client-cognito-identity-provider'
import { requirePool } from '../../../userpool/store/pool-repository'
import { getResourceServer } from '../../../userpool/resource-servers/resource-servers'
import { defineTarget } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { Identifier } from './shapes'

export const describeResourceServer = defineTarget<DescribeResourceServerResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, Identifier }, ['UserPoolId', 'Identifier']),
  async handle(input, { services }) {
    return {
      ResourceServer: await getResourceServer(
        services,
        await requirePool(services, input.UserPoolId),
        input.Identifier,
      ),
    }
  },
})
