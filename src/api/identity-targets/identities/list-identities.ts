import type { ListIdentitiesResponse } from '@aws-sdk/client-cognito-identity'
import {
  identityPartitions,
  listIdentities as list,
} from '../../../identitypool/identities/identities'
import { isPartitionCursor, openPageToken, sealPageToken } from '../../page-token'
import { defineTarget } from '../../target'
import { boolean, structure } from '../../validation/shape'
import { IdentityPoolId, PaginationKey, QueryLimit } from '../shapes'

export const listIdentities = defineTarget<ListIdentitiesResponse>()({
  auth: 'sigv4',
  input: structure(
    { IdentityPoolId, MaxResults: QueryLimit, NextToken: PaginationKey, HideDisabled: boolean() },
    ['IdentityPoolId', 'MaxResults'],
  ),
  async handle(input, { services }) {
    const hideDisabled = input.HideDisabled === true
    const query = {
      operation: 'ListIdentities',
      poolId: input.IdentityPoolId,
      params: { HideDisabled: String(hideDisabled) },
    }
    const partitions = await identityPartitions(services, input.IdentityPoolId)
    const cursor = await openPageToken(
      services,
      query,
      input.NextToken,
      isPartitionCursor(partitions),
    )
    const page = await list(services, input.IdentityPoolId, input.MaxResults, cursor, hideDisabled)
    const token = await sealPageToken(services, query, page.next)
    return {
      IdentityPoolId: input.IdentityPoolId,
      Identities: page.identities,
      ...(token ? { NextToken: token } : {}),
    }
  },
})
