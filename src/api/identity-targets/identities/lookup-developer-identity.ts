import type { LookupDeveloperIdentityResponse } from '@aws-sdk/client-cognito-identity'
import { lookupDeveloperIdentity as lookup } from '../../../identitypool/identities/developer-identities'
import { isKeyCursor, openPageToken, sealPageToken } from '../../page-token'
import { defineTarget } from '../../target'
import { structure } from '../../validation/shape'
import {
  DeveloperUserIdentifier,
  IdentityId,
  IdentityPoolId,
  PaginationKey,
  QueryLimit,
} from '../shapes'

export const lookupDeveloperIdentity = defineTarget<LookupDeveloperIdentityResponse>()({
  auth: 'sigv4',
  input: structure(
    {
      IdentityPoolId,
      IdentityId,
      DeveloperUserIdentifier,
      MaxResults: QueryLimit,
      NextToken: PaginationKey,
    },
    ['IdentityPoolId'],
  ),
  async handle(input, { services }) {
    const query = {
      operation: 'LookupDeveloperIdentity',
      poolId: input.IdentityPoolId,
      params: {
        IdentityId: input.IdentityId ?? '',
        DeveloperUserIdentifier: input.DeveloperUserIdentifier ?? '',
      },
    }
    const after = await openPageToken(services, query, input.NextToken, isKeyCursor)
    const found = await lookup(
      services,
      input.IdentityPoolId,
      {
        ...(input.IdentityId !== undefined ? { identityId: input.IdentityId } : {}),
        ...(input.DeveloperUserIdentifier !== undefined
          ? { identifier: input.DeveloperUserIdentifier }
          : {}),
      },
      input.MaxResults ?? 60,
      after,
    )
    const token = await sealPageToken(services, query, found.next)
    return {
      IdentityId: found.identityId,
      DeveloperUserIdentifierList: found.identifiers,
      ...(token ? { NextToken: token } : {}),
    }
  },
})
