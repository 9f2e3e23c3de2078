import type { TargetTable } from '../../target'
import { changePassword } from './change-password'
import { deleteUser } from './delete-user'
import { deleteUserAttributes } from './delete-user-attributes'
import { getUserAttributeVerificationCode } from './get-user-attribute-verification-code'
import { updateUserAttributes } from './update-user-attributes'
import { verifyUserAttribute } from './verify-user-attribute'

/** Operations a signed-in user calls with their own access token. */
export const accountTargets: TargetTable = {
  ChangePassword: changePassword,
  UpdateUserAttributes: updateUserAttributes,
  DeleteUserAttributes: deleteUserAttributes,
  GetUserAttributeVerificationCode: getUserAttributeVerificationCode,
  VerifyUserAttribute: verifyUserAttribute,
  DeleteUser: deleteUser,
}
