import type { CreateUserPoolDomainResponse } from '@aws-sdk/client-cognito-identity-provider'
import { createDomain } from '../../../userpool/domains/domains'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { Arn, UserPoolId } from '../../validation/cognito-shapes'
import { integer, opaqueStructure, string, structure } from '../../validation/shape'

export const createUserPoolDomain = defineTarget<CreateUserPoolDomainResponse>()({
  auth: 'sigv4',
  input: structure(
    {
      Domain: string({ min: 1, max: 253, pattern: '[a-z0-9](?:[a-z0-9.\\-]{0,251}[a-z0-9])?' }),
      UserPoolId,
      ManagedLoginVersion: integer(),
      CustomDomainConfig: structure({ CertificateArn: Arn }, ['CertificateArn']),
      Routing: opaqueStructure(),
    },
    ['Domain', 'UserPoolId'],
  ),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    const custom = input.CustomDomainConfig !== undefined
    await createDomain(services, pool, input.Domain, custom)
    return {
      ManagedLoginVersion: input.ManagedLoginVersion ?? 1,
      ...(custom ? { CloudFrontDomain: input.Domain } : {}),
    }
  },
})
