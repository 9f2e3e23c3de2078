import { ACCOUNT_ID } from '../../iam/model'
import type { SyncCaller } from '../model'

/** Who the stored records say changed them: the identity, or the account for an admin key. */
export const modifierOf = (caller: SyncCaller): string =>
  caller.kind === 'identity' ? caller.identityId : ACCOUNT_ID
