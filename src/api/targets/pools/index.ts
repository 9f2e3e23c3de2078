import type { TargetTable } from '../../target'
import { addCustomAttributes } from './add-custom-attributes'
import { createUserPool } from './create-user-pool'
import { deleteUserPool } from './delete-user-pool'
import { describeUserPool } from './describe-user-pool'
import { listUserPools } from './list-user-pools'
import { updateUserPool } from './update-user-pool'

export const poolsTargets: TargetTable = {
  CreateUserPool: createUserPool,
  DescribeUserPool: describeUserPool,
  UpdateUserPool: updateUserPool,
  DeleteUserPool: deleteUserPool,
  ListUserPools: listUserPools,
  AddCustomAttributes: addCustomAttributes,
}
