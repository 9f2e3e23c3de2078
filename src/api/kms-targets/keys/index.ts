import type { TargetTable } from '../../target'
import { decrypt } from './decrypt'

/** Cryptographic operations with KMS keys. */
export const keyTargets: TargetTable = {
  Decrypt: decrypt,
}
