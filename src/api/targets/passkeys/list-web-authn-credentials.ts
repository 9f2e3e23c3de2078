import type { ListWebAuthnCredentialsResponse } from '@aws-sdk/client-cognito-identity-provider'
import { listUserCredentials } from '../../../userpool/passkeys/credentials'
import { isKeyCursor, openPageToken, sealPageToken } from '../../page-token'
import { defineTarget } from '../../target'
import { AccessToken } from '../../validation/cognito-shapes'
import { integer, string, structure } from '../../validation/shape'
import { passkeyOwner } from './passkey-owner'

export const listWebAuthnCredentials = defineTarget<ListWebAuthnCredentialsResponse>()({
  auth: 'public',
  input: structure(
    {
      AccessToken,
      NextToken: string({ min: 1, max: 131072, pattern: '[\\S]+' }),
      MaxResults: integer({ min: 0, max: 20 }),
    },
    ['AccessToken'],
  ),
  async handle(input, { services, issuerOrigin }) {
    const { pool, user } = await passkeyOwner(services, input.AccessToken, issuerOrigin)
    // A token continues one user's listing only.
    const query = {
      operation: 'ListWebAuthnCredentials',
      poolId: pool.Id,
      params: { sub: user.sub },
    }
    const after = await openPageToken(services, query, input.NextToken, isKeyCursor)
    const page = await listUserCredentials(services, pool, user, {
      ...(after ? { after } : {}),
      limit: input.MaxResults || 20,
    })
    const next = await sealPageToken(services, query, page.next)
    return { Credentials: page.credentials, ...(next ? { NextToken: next } : {}) }
  },
})
