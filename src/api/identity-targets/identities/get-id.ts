import type { GetIdResponse } from '@aws-sdk/client-cognito-identity'
import { getId as resolve } from '../../../identitypool/identities/resolve-identity'
import { defineTarget } from '../../target'
import { structure } from '../../validation/shape'
import { AccountId, IdentityPoolId, LoginsMap } from '../shapes'

export const getId = defineTarget<GetIdResponse>()({
  auth: 'public',
  input: structure({ AccountId, IdentityPoolId, Logins: LoginsMap }, ['IdentityPoolId']),
  async handle(input, context) {
    return { IdentityId: await resolve(context, input.IdentityPoolId, input.Logins ?? {}) }
  },
})
