import type { TargetTable } from '../../target'
import { createIdentityPool } from './create-identity-pool'
import { deleteIdentityPool } from './delete-identity-pool'
import { describeIdentityPool } from './describe-identity-pool'
import { getIdentityPoolRoles } from './get-identity-pool-roles'
import { getPrincipalTagAttributeMap } from './get-principal-tag-attribute-map'
import { listIdentityPools } from './list-identity-pools'
import { listTagsForResource } from './list-tags-for-resource'
import { setIdentityPoolRoles } from './set-identity-pool-roles'
import { setPrincipalTagAttributeMap } from './set-principal-tag-attribute-map'
import { tagResource } from './tag-resource'
import { untagResource } from './untag-resource'
import { updateIdentityPool } from './update-identity-pool'

export const identityPoolTargets: TargetTable = {
  CreateIdentityPool: createIdentityPool,
  DescribeIdentityPool: describeIdentityPool,
  UpdateIdentityPool: updateIdentityPool,
  DeleteIdentityPool: deleteIdentityPool,
  ListIdentityPools: listIdentityPools,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
  SetIdentityPoolRoles: setIdentityPoolRoles,
  GetIdentityPoolRoles: getIdentityPoolRoles,
  SetPrincipalTagAttributeMap: setPrincipalTagAttributeMap,
  GetPrincipalTagAttributeMap: getPrincipalTagAttributeMap,
}
