import type { GetOpenIdTokenForDeveloperIdentityResponse } from '@aws-sdk/client-cognito-identity'
import { getOpenIdTokenForDeveloperIdentity as issue } from '../../../identitypool/openid/open-id-tokens'
import { defineTarget } from '../../target'
import { structure } from '../../validation/shape'
import { IdentityId, IdentityPoolId, LoginsMap, PrincipalTags, TokenDuration } from '../shapes'

export const getOpenIdTokenForDeveloperIdentity =
  defineTarget<GetOpenIdTokenForDeveloperIdentityResponse>()({
    auth: 'sigv4',
    input: structure(
      { IdentityPoolId, IdentityId, Logins: LoginsMap, PrincipalTags, TokenDuration },
      ['IdentityPoolId', 'Logins'],
    ),
    async handle(input, context) {
      return issue(context, {
        identityPoolId: input.IdentityPoolId,
        ...(input.IdentityId !== undefined ? { identityId: input.IdentityId } : {}),
        logins: input.Logins,
        ...(input.TokenDuration !== undefined ? { tokenDuration: input.TokenDuration } : {}),
        ...(input.PrincipalTags !== undefined ? { principalTags: input.PrincipalTags } : {}),
      })
    },
  })
