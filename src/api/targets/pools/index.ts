import type { TargetTable } from '../../target'
import { addCustomAttributes } from './add-custom-attributes'
import { createUserPool } from './create-user-pool'
import { deleteUserPool } from './delete-user-pool'
import { describeUserPool } from './describe-user-pool'
import { listTagsForResource } from './list-tags-for-resource'
import { listUserPools } from './list-user-pools'
import { tagResource } from './tag-resource'
import { untagResource } from './untag-resource'
import { updateUserPool } from './update-user-pool'

export const poolsTargets: TargetTable = {
  CreateUserPool: createUserPool,
  DescribeUserPool: describeUserPool,
  UpdateUserPool: updateUserPool,
  DeleteUserPool: deleteUserPool,
  ListUserPools: listUserPools,
  AddCustomAttributes: addCustomAttributes,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
}
