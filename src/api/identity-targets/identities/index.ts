import type { TargetTable } from '../../target'
import { deleteIdentities } from './delete-identities'
import { describeIdentity } from './describe-identity'
import { getCredentialsForIdentity } from './get-credentials-for-identity'
import { getId } from './get-id'
import { getOpenIdToken } from './get-open-id-token'
import { getOpenIdTokenForDeveloperIdentity } from './get-open-id-token-for-developer-identity'
import { listIdentities } from './list-identities'
import { lookupDeveloperIdentity } from './lookup-developer-identity'
import { mergeDeveloperIdentities } from './merge-developer-identities'
import { unlinkDeveloperIdentity } from './unlink-developer-identity'
import { unlinkIdentity } from './unlink-identity'

/** Identities, their OpenID tokens and developer identities. */
export const identityTargets: TargetTable = {
  GetId: getId,
  GetCredentialsForIdentity: getCredentialsForIdentity,
  GetOpenIdToken: getOpenIdToken,
  GetOpenIdTokenForDeveloperIdentity: getOpenIdTokenForDeveloperIdentity,
  DescribeIdentity: describeIdentity,
  ListIdentities: listIdentities,
  DeleteIdentities: deleteIdentities,
  UnlinkIdentity: unlinkIdentity,
  LookupDeveloperIdentity: lookupDeveloperIdentity,
  MergeDeveloperIdentities: mergeDeveloperIdentities,
  UnlinkDeveloperIdentity: unlinkDeveloperIdentity,
}
