import type { TargetTable } from '../target'
import { keyTargets } from './keys'

/** Every implemented KMS operation by name (`TrentService.<operation>`). */
export const kmsTargets: TargetTable = {
  ...keyTargets,
}
