import type { TargetTable } from '../../target'
import { createResourceServer } from './create-resource-server'
import { deleteResourceServer } from './delete-resource-server'
import { describeResourceServer } from './describe-resource-server'
import { listResourceServers } from './list-resource-servers'
import { updateResourceServer } from './update-resource-server'

export const resourceServerTargets: TargetTable = {
  CreateResourceServer: createResourceServer,
  DescribeResourceServer: describeResourceServer,
  UpdateResourceServer: updateResourceServer,
  DeleteResourceServer: deleteResourceServer,
  ListResourceServers: listResourceServers,
}
