import type { TargetTable } from '../target'
import { identityTargets } from './identities'
import { identityPoolTargets } from './pools'

/** Every implemented Cognito Identity (identity pools) operation by name. */
export const cognitoIdentityTargets: TargetTable = {
  ...identityPoolTargets,
  ...identityTargets,
}
