import type { UpdateUserPoolDomainResponse } from '@aws-sdk/client-cognito-identity-provider'
import { updateDomain } from '../../../userpool/domains/domains'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import { integer, opaqueStructure, string, structure } from '../../validation/shape'
import { CustomDomainConfig } from './domain-shapes'

export const updateUserPoolDomain = defineTarget<UpdateUserPoolDomainResponse>()({
  auth: 'sigv4',
  input: structure(
    {
      Domain: string({ min: 1, max: 253, pattern: '[a-z0-9](?:[a-z0-9.\\-]{0,251}[a-z0-9])?' }),
      UserPoolId,
      ManagedLoginVersion: integer(),
      CustomDomainConfig,
      // Multi-region failover routing is not built: accepted and ignored, as at creation.
      Routing: opaqueStructure(),
    },
    ['Domain', 'UserPoolId'],
  ),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    const domain = await updateDomain(services, pool, input.Domain, {
      ...(input.ManagedLoginVersion !== undefined
        ? { ManagedLoginVersion: input.ManagedLoginVersion }
        : {}),
      ...(input.CustomDomainConfig ? { CustomDomainConfig: input.CustomDomainConfig } : {}),
    })
    return {
      ManagedLoginVersion: domain.ManagedLoginVersion ?? 1,
      ...(domain.custom ? { CloudFrontDomain: domain.Domain } : {}),
    }
  },
})
