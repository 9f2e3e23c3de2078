import type { GetCredentialsForIdentityResponse } from '@aws-sdk/client-cognito-identity'
import { credentialsForIdentity } from '../../../identitypool/credentials/credentials-for-identity'
import { defineTarget } from '../../target'
import { structure } from '../../validation/shape'
import { ARNString, IdentityId, LoginsMap } from '../shapes'

export const getCredentialsForIdentity = defineTarget<GetCredentialsForIdentityResponse>()({
  auth: 'public',
  input: structure({ IdentityId, Logins: LoginsMap, CustomRoleArn: ARNString }, ['IdentityId']),
  async handle(input, context) {
    return credentialsForIdentity(
      context,
      input.IdentityId,
      input.Logins ?? {},
      input.CustomRoleArn,
    )
  },
})
