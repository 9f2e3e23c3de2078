import type { DescribeUserPoolDomainResponse } from '@aws-sdk/client-cognito-identity-provider'
import { findDomain, poolDomainSettings } from '../../../userpool/domains/domains'
import { defineTarget } from '../../target'
import { string, structure } from '../../validation/shape'

export const describeUserPoolDomain = defineTarget<DescribeUserPoolDomainResponse>()({
  auth: 'sigv4',
  input: structure({ Domain: string({ min: 1, max: 253 }) }, ['Domain']),
  async handle(input, { services }) {
    const domain = await findDomain(services, input.Domain)
    // Cognito answers an unknown domain with an empty description rather than an error.
    if (!domain) return { DomainDescription: {} }
    const settings = await poolDomainSettings(services, domain.UserPoolId)
    return {
      DomainDescription: {
        UserPoolId: domain.UserPoolId,
        AWSAccountId: '000000000000',
        Domain: domain.Domain,
        CloudFrontDistribution: domain.Domain,
        Version: '1',
        Status: 'ACTIVE',
        ManagedLoginVersion: settings?.ManagedLoginVersion ?? 1,
        ...(settings?.CustomDomainConfig
          ? { CustomDomainConfig: settings.CustomDomainConfig }
          : {}),
      },
    }
  },
})
