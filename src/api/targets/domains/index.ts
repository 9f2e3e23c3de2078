import type { TargetTable } from '../../target'
import { createUserPoolDomain } from './create-user-pool-domain'
import { deleteUserPoolDomain } from './delete-user-pool-domain'
import { describeUserPoolDomain } from './describe-user-pool-domain'
import { updateUserPoolDomain } from './update-user-pool-domain'

export const domainTargets: TargetTable = {
  CreateUserPoolDomain: createUserPoolDomain,
  DescribeUserPoolDomain: describeUserPoolDomain,
  DeleteUserPoolDomain: deleteUserPoolDomain,
  UpdateUserPoolDomain: updateUserPoolDomain,
}
