import type { TargetTable } from '../../target'
import { adminAddUserToGroup } from './admin-add-user-to-group'
import { adminListGroupsForUser } from './admin-list-groups-for-user'
import { adminRemoveUserFromGroup } from './admin-remove-user-from-group'
import { createGroup } from './create-group'
import { deleteGroup } from './delete-group'
import { getGroup } from './get-group'
import { listGroups } from './list-groups'
import { listUsersInGroup } from './list-users-in-group'
import { updateGroup } from './update-group'

export const groupsTargets: TargetTable = {
  CreateGroup: createGroup,
  GetGroup: getGroup,
  UpdateGroup: updateGroup,
  DeleteGroup: deleteGroup,
  ListGroups: listGroups,
  AdminAddUserToGroup: adminAddUserToGroup,
  AdminRemoveUserFromGroup: adminRemoveUserFromGroup,
  AdminListGroupsForUser: adminListGroupsForUser,
  ListUsersInGroup: listUsersInGroup,
}
