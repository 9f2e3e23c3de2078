import type { TargetTable } from '../../target'
import { adminConfirmSignUp } from './admin-confirm-sign-up'
import { adminCreateUser } from './admin-create-user'
import { adminDeleteUser } from './admin-delete-user'
import { adminDeleteUserAttributes } from './admin-delete-user-attributes'
import { adminDisableUser } from './admin-disable-user'
import { adminEnableUser } from './admin-enable-user'
import { adminGetUser } from './admin-get-user'
import { adminSetUserPassword } from './admin-set-user-password'
import { adminUpdateUserAttributes } from './admin-update-user-attributes'
import { listUsers } from './list-users'

export const usersTargets: TargetTable = {
  AdminCreateUser: adminCreateUser,
  AdminGetUser: adminGetUser,
  AdminDeleteUser: adminDeleteUser,
  AdminDisableUser: adminDisableUser,
  AdminEnableUser: adminEnableUser,
  AdminConfirmSignUp: adminConfirmSignUp,
  AdminSetUserPassword: adminSetUserPassword,
  AdminUpdateUserAttributes: adminUpdateUserAttributes,
  AdminDeleteUserAttributes: adminDeleteUserAttributes,
  ListUsers: listUsers,
}
