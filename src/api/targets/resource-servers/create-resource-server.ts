import type { CreateResourceServerResponse } from '@aws-sdk/client-cognito-identity-provider'
import { requirePool } from '../../../userpool/store/pool-repository'
import { createResourceServer as create } from '../../../userpool/resource-servers/resource-servers'
import { defineTarget } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { Identifier, Scopes, ServerName } from './shapes'

export const createResourceServer = defineTarget<CreateResourceServerResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, Identifier, Name: ServerName, Scopes }, [
    'UserPoolId',
    'Identifier',
    'Name',
  ]),
  async handle(
    { UserPoolId: poolId, Identifier: identifier, Name: name, Scopes: scopes },
    { services },
  ) {
    return {
      ResourceServer: await create(services, await requirePool(services, poolId), {
        Identifier: identifier,
        Name: name,
        Scopes: scopes ?? [],
      }),
    }
  },
})
