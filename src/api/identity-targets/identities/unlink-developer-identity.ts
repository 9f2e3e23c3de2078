import { unlinkDeveloperIdentity as unlink } from '../../../identitypool/identities/developer-identities'
import { defineTarget, type NoOutput } from '../../target'
import { structure } from '../../validation/shape'
import {
  DeveloperProviderName,
  DeveloperUserIdentifier,
  IdentityId,
  IdentityPoolId,
} from '../shapes'

export const unlinkDeveloperIdentity = defineTarget<NoOutput>()({
  auth: 'sigv4',
  input: structure({ IdentityId, IdentityPoolId, DeveloperProviderName, DeveloperUserIdentifier }, [
    'IdentityId',
    'IdentityPoolId',
    'DeveloperProviderName',
    'DeveloperUserIdentifier',
  ]),
  async handle(input, { services }) {
    await unlink(services, input.IdentityPoolId, {
      identityId: input.IdentityId,
      providerName: input.DeveloperProviderName,
      identifier: input.DeveloperUserIdentifier,
    })
    return {}
  },
})
