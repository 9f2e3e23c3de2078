import type { TargetTable } from '../target'
import { identityPoolTargets } from './pools'

/** Every implemented Cognito Identity (identity pools) operation by name. */
export const cognitoIdentityTargets: TargetTable = {
  ...identityPoolTargets,
}
