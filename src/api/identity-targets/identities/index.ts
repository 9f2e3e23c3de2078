import type { TargetTable } from '../../target'
import { deleteIdentities } from './delete-identities'
import { describeIdentity } from './describe-identity'
import { getId } from './get-id'
import { listIdentities } from './list-identities'
import { lookupDeveloperIdentity } from './lookup-developer-identity'
import { mergeDeveloperIdentities } from './merge-developer-identities'
import { unlinkDeveloperIdentity } from './unlink-developer-identity'
import { unlinkIdentity } from './unlink-identity'

/**
 * Identities. GetCredentialsForIdentity, GetOpenIdToken and GetOpenIdTokenForDeveloperIdentity
 * are not here yet: they answer UnknownOperationException until credentials and Cognito's OpenID
 * tokens exist.
 */
export const identityTargets: TargetTable = {
  GetId: getId,
  DescribeIdentity: describeIdentity,
  ListIdentities: listIdentities,
  DeleteIdentities: deleteIdentities,
  UnlinkIdentity: unlinkIdentity,
  LookupDeveloperIdentity: lookupDeveloperIdentity,
  MergeDeveloperIdentities: mergeDeveloperIdentities,
  UnlinkDeveloperIdentity: unlinkDeveloperIdentity,
}
