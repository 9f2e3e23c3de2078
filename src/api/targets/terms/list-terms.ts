import type { ListTermsResponse } from '@aws-sdk/client-cognito-identity-provider'
import { listTerms } from '../../../userpool/terms/terms'
import { requirePool } from '../../../userpool/store/pool-repository'
import { isKeyCursor, openPageToken, sealPageToken } from '../../page-token'
import { defineTarget } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import { integer, string, structure } from '../../validation/shape'

export const listTermsTarget = defineTarget<ListTermsResponse>()({
  auth: 'sigv4',
  input: structure(
    {
      UserPoolId,
      MaxResults: integer({ min: 1, max: 60 }),
      NextToken: string({ max: 131072 }),
    },
    ['UserPoolId'],
  ),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    const query = { operation: 'ListTerms', poolId: pool.Id }
    const after = await openPageToken(services, query, input.NextToken || undefined, isKeyCursor)
    const page = await listTerms(services, pool.Id, input.MaxResults ?? 60, after)
    const token = await sealPageToken(services, query, page.next)
    return {
      Terms: page.terms.map((t) => ({
        TermsId: t.TermsId,
        TermsName: t.TermsName,
        Enforcement: t.Enforcement,
        CreationDate: t.CreationDate,
        LastModifiedDate: t.LastModifiedDate,
      })),
      ...(token ? { NextToken: token } : {}),
    }
  },
})
