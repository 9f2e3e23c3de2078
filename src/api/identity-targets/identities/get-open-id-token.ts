import type { GetOpenIdTokenResponse } from '@aws-sdk/client-cognito-identity'
import { getOpenIdToken as issue } from '../../../identitypool/openid/open-id-tokens'
import { defineTarget } from '../../target'
import { structure } from '../../validation/shape'
import { IdentityId, LoginsMap } from '../shapes'

export const getOpenIdToken = defineTarget<GetOpenIdTokenResponse>()({
  auth: 'public',
  input: structure({ IdentityId, Logins: LoginsMap }, ['IdentityId']),
  async handle(input, context) {
    return issue(context, input.IdentityId, input.Logins ?? {})
  },
})
