import type { UserRecord } from '../model'

/** Cognito's AttributeType list for a user: `sub` first, then the stored attributes. */
export function attributeList(
  user: UserRecord,
  only?: string[],
): Array<{ Name: string; Value: string }> {
  const all = [
    { Name: 'sub', Value: user.sub },
    ...Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value })),
  ]
  return only ? all.filter((a) => only.includes(a.Name)) : all
}

/** Cognito's UserType (ListUsers, ListUsersInGroup, AdminCreateUser): dates in epoch seconds. */
export function userType(user: UserRecord, only?: string[]) {
  return {
    Username: user.username,
    Attributes: attributeList(user, only),
    UserCreateDate: Math.floor(user.createdAt / 1000),
    UserLastModifiedDate: Math.floor(user.updatedAt / 1000),
    Enabled: user.enabled,
    UserStatus: user.status,
  }
}
