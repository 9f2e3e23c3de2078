import type { TargetTable } from '../../target'
import { addUserPoolClientSecret } from './add-user-pool-client-secret'
import { deleteUserPoolClientSecret } from './delete-user-pool-client-secret'
import { listUserPoolClientSecrets } from './list-user-pool-client-secrets'
import { createUserPoolClient } from './create-user-pool-client'
import { deleteUserPoolClient } from './delete-user-pool-client'
import { describeUserPoolClient } from './describe-user-pool-client'
import { listUserPoolClients } from './list-user-pool-clients'
import { updateUserPoolClient } from './update-user-pool-client'

export const clientsTargets: TargetTable = {
  CreateUserPoolClient: createUserPoolClient,
  DescribeUserPoolClient: describeUserPoolClient,
  UpdateUserPoolClient: updateUserPoolClient,
  DeleteUserPoolClient: deleteUserPoolClient,
  ListUserPoolClients: listUserPoolClients,
  AddUserPoolClientSecret: addUserPoolClientSecret,
  DeleteUserPoolClientSecret: deleteUserPoolClientSecret,
  ListUserPoolClientSecrets: listUserPoolClientSecrets,
}
