import type { TargetTable } from '../../target'
import { createUserPool } from './create-user-pool'
import { describeUserPool } from './describe-user-pool'

export const poolsTargets: TargetTable = {
  CreateUserPool: createUserPool,
  DescribeUserPool: describeUserPool,
}
