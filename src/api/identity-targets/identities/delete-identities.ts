import type { DeleteIdentitiesResponse } from '@aws-sdk/client-cognito-identity'
import { deleteIdentities as remove } from '../../../identitypool/identities/identities'
import { defineTarget } from '../../target'
import { structure } from '../../validation/shape'
import { IdentityIdList } from '../shapes'

export const deleteIdentities = defineTarget<DeleteIdentitiesResponse>()({
  auth: 'sigv4',
  input: structure({ IdentityIdsToDelete: IdentityIdList }, ['IdentityIdsToDelete']),
  async handle(input, { services }) {
    await remove(services, input.IdentityIdsToDelete)
    // Every id is processed or was never there: nothing is left unprocessed.
    return { UnprocessedIdentityIds: [] }
  },
})
