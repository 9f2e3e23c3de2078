import type { TargetTable } from '../../target'
import { deleteIdentities } from './delete-identities'
import { describeIdentity } from './describe-identity'
import { getCredentialsForIdentity } from './get-credentials-for-identity'
import { getId } from './get-id'
import { listIdentities } from './list-identities'
import { lookupDeveloperIdentity } from './lookup-developer-identity'
import { mergeDeveloperIdentities } from './merge-developer-identities'
import { unlinkDeveloperIdentity } from './unlink-developer-identity'
import { unlinkIdentity } from './unlink-identity'

/**
 * Identities. GetOpenIdToken and GetOpenIdTokenForDeveloperIdentity are not here yet: they answer
 * UnknownOperationException until Cognito's OpenID tokens exist.
 */
export const identityTargets: TargetTable = {
  GetId: getId,
  GetCredentialsForIdentity: getCredentialsForIdentity,
  DescribeIdentity: describeIdentity,
  ListIdentities: listIdentities,
  DeleteIdentities: deleteIdentities,
  UnlinkIdentity: unlinkIdentity,
  LookupDeveloperIdentity: lookupDeveloperIdentity,
  MergeDeveloperIdentities: mergeDeveloperIdentities,
  UnlinkDeveloperIdentity: unlinkDeveloperIdentity,
}
