import type { DeleteUserPoolDomainResponse } from '@aws-sdk/client-cognito-identity-provider'
import { deleteDomain } from '../../../userpool/domains/domains'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import { string, structure } from '../../validation/shape'

export const deleteUserPoolDomain = defineTarget<DeleteUserPoolDomainResponse>()({
  auth: 'sigv4',
  input: structure({ Domain: string({ min: 1, max: 253 }), UserPoolId }, ['Domain', 'UserPoolId']),
  async handle(input, { services }) {
    await deleteDomain(services, await requirePool(services, input.UserPoolId), input.Domain)
    return {}
  },
})
