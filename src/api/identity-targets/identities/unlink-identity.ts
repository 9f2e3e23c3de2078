import { unlinkIdentity as unlink } from '../../../identitypool/identities/identities'
import { defineTarget, type NoOutput } from '../../target'
import { structure } from '../../validation/shape'
import { IdentityId, LoginsList, LoginsMap } from '../shapes'

export const unlinkIdentity = defineTarget<NoOutput>()({
  auth: 'public',
  input: structure({ IdentityId, Logins: LoginsMap, LoginsToRemove: LoginsList }, [
    'IdentityId',
    'Logins',
    'LoginsToRemove',
  ]),
  async handle(input, context) {
    await unlink(context, input.IdentityId, input.Logins, input.LoginsToRemove)
    return {}
  },
})
