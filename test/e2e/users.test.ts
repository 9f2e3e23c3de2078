import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDeleteUserCommand,
  AdminEnableUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CreateGroupCommand,
  DeleteGroupCommand,
  GetGroupCommand,
  InitiateAuthCommand,
  ListGroupsCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  SignUpCommand,
  UpdateGroupCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider'
import { beforeAll, describe, expect, it } from 'vitest'
import { adminClient, createAppClient, createPool, outbox, publicClient } from './support/clients'

const PASSWORD = 'Admin-Set-Pass-7'
const admin = () => adminClient()

async function listAll(poolId: string, filter?: string, limit = 7): Promise<UserType[]> {
  const users: UserType[] = []
  let token: string | undefined
  do {
    const page = await admin().send(new ListUsersCommand({ UserPoolId: poolId, Limit: limit, PaginationToken: token, Filter: filter }))
    users.push(...page.Users!)
    token = page.PaginationToken
  } while (token)
  return users
}

describe('admin user management over the AWS SDK', () => {
  let poolId: string

  beforeAll(async () => {
    poolId = await createPool({ AliasAttributes: ['email'], UsernameConfiguration: { CaseSensitive: false }, Schema: [{ Name: 'dept', AttributeDataType: 'String', Mutable: true }] })
  })

  it('creates a user with a temporary password and an invitation, and reads it back', async () => {
    const { User } = await admin().send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'Olivia', UserAttributes: [{ Name: 'email', Value: 'olivia@example.com' }, { Name: 'custom:dept', Value: 'ops' }], DesiredDeliveryMediums: ['EMAIL'] }))
    expect(User).toMatchObject({ Username: 'Olivia', UserStatus: 'FORCE_CHANGE_PASSWORD', Enabled: true })
    const invitation = (await outbox(poolId)).find((m) => m.username === 'Olivia')
    expect(invitation).toMatchObject({ medium: 'EMAIL', destination: 'olivia@example.com', purpose: 'ADMIN_CREATE_USER' })
    expect(invitation!.body).toContain(invitation!.code!)
    const got = await admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'olivia' }))
    expect(got.Username).toBe('Olivia')
    expect(got.UserAttributes?.find((a) => a.Name === 'sub')?.Value).toMatch(/^[0-9a-f-]{36}$/)
    expect(got.UserAttributes?.find((a) => a.Name === 'custom:dept')?.Value).toBe('ops')
    await expect(admin().send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'OLIVIA', MessageAction: 'SUPPRESS' }))).rejects.toMatchObject({ name: 'UsernameExistsException' })
    await expect(admin().send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'x', UserAttributes: [{ Name: 'custom:none', Value: '1' }] }))).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(admin().send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'y', TemporaryPassword: 'short' }))).rejects.toMatchObject({ name: 'InvalidPasswordException' })
    await expect(admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'nobody' }))).rejects.toMatchObject({ name: 'UserNotFoundException' })
  })

  it('sets passwords, disables, enables, confirms and deletes users', async () => {
    const { clientId } = await createAppClient(poolId)
    await admin().send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'paul', MessageAction: 'SUPPRESS' }))
    await admin().send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'paul', Password: PASSWORD, Permanent: true }))
    expect((await admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'paul' }))).UserStatus).toBe('CONFIRMED')
    const signIn = () => publicClient().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'PAUL', PASSWORD } }))
    expect((await signIn()).AuthenticationResult).toBeTruthy()
    await admin().send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'paul' }))
    expect((await admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'paul' }))).Enabled).toBe(false)
    await expect(signIn()).rejects.toMatchObject({ name: 'NotAuthorizedException' })
    await admin().send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: 'paul' }))
    expect((await signIn()).AuthenticationResult).toBeTruthy()
    await admin().send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'paul', Password: PASSWORD, Permanent: false }))
    expect((await signIn()).ChallengeName).toBe('NEW_PASSWORD_REQUIRED')
    await expect(admin().send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'paul' }))).rejects.toMatchObject({ name: 'NotAuthorizedException' })
    await publicClient().send(new SignUpCommand({ ClientId: clientId, Username: 'quinn', Password: PASSWORD }))
    await admin().send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'quinn' }))
    expect((await admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'quinn' }))).UserStatus).toBe('CONFIRMED')
    await admin().send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'quinn' }))
    await expect(admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'quinn' }))).rejects.toMatchObject({ name: 'UserNotFoundException' })
  })

  it('updates and deletes attributes; a verified email becomes a sign-in alias, and aliases stay unique', async () => {
    const { clientId } = await createAppClient(poolId)
    await admin().send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'rita', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: 'rita@example.com' }, { Name: 'email_verified', Value: 'true' }] }))
    await admin().send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'rita', Password: PASSWORD, Permanent: true }))
    const viaAlias = await publicClient().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'Rita@Example.com', PASSWORD } }))
    expect(viaAlias.AuthenticationResult).toBeTruthy()
    await expect(admin().send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'sam', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: 'rita@example.com' }, { Name: 'email_verified', Value: 'true' }] }))).rejects.toMatchObject({ name: 'AliasExistsException' })
    await admin().send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'rita', UserAttributes: [{ Name: 'email', Value: 'rita2@example.com' }] }))
    const after = await admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'rita' }))
    expect(after.UserAttributes?.find((a) => a.Name === 'email_verified')?.Value).toBe('false')
    await expect(publicClient().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'rita@example.com', PASSWORD } }))).rejects.toMatchObject({ name: 'UserNotFoundException' })
    await admin().send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: 'rita', UserAttributeNames: ['email'] }))
    const gone = await admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'rita' }))
    expect(gone.UserAttributes?.some((a) => a.Name === 'email')).toBe(false)
    await expect(admin().send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: 'rita', UserAttributeNames: ['sub'] }))).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(admin().send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'rita', UserAttributes: [{ Name: 'birthdate', Value: 'yesterday' }] }))).rejects.toMatchObject({ name: 'InvalidParameterException' })
  })

  it('keeps one user record consistent under concurrent writes and lets exactly one concurrent create win', async () => {
    await admin().send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'tess', MessageAction: 'SUPPRESS' }))
    const writes = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => admin().send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'tess', UserAttributes: [{ Name: 'custom:dept', Value: `d${i}` }, { Name: `given_name`, Value: `g${i}` }] }))))
    expect(writes.filter((w) => w.status === 'rejected').every((w) => (w as PromiseRejectedResult).reason.name === 'ConcurrentModificationException')).toBe(true)
    const final = await admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'tess' }))
    const dept = final.UserAttributes?.find((a) => a.Name === 'custom:dept')?.Value
    const given = final.UserAttributes?.find((a) => a.Name === 'given_name')?.Value
    expect(dept?.slice(1)).toBe(given?.slice(1))
    const creates = await Promise.allSettled(Array.from({ length: 6 }, () => admin().send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'race', MessageAction: 'SUPPRESS' }))))
    expect(creates.filter((c) => c.status === 'fulfilled')).toHaveLength(1)
  })

  it('lists users across partitions and pages, with filters and AttributesToGet', async () => {
    const listPool = await createPool()
    for (let i = 0; i < 25; i++) {
      await admin().send(new AdminCreateUserCommand({ UserPoolId: listPool, Username: `user${String(i).padStart(2, '0')}`, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: `u${i}@${i % 2 ? 'odd' : 'even'}.example` }] }))
    }
    const all = await listAll(listPool)
    expect(new Set(all.map((u) => u.Username)).size).toBe(25)
    expect(all).toHaveLength(25)
    const evens = await listAll(listPool, 'email ^= "u1"', 3)
    expect(evens.map((u) => u.Username).sort()).toEqual(['user01', ...Array.from({ length: 10 }, (_, i) => `user${10 + i}`)].sort())
    const exact = await listAll(listPool, 'username = "user07"')
    expect(exact.map((u) => u.Username)).toEqual(['user07'])
    const status = await listAll(listPool, 'cognito:user_status = "FORCE_CHANGE_PASSWORD"', 60)
    expect(status).toHaveLength(25)
    const trimmed = await admin().send(new ListUsersCommand({ UserPoolId: listPool, AttributesToGet: ['email'], Limit: 1 }))
    expect(trimmed.Users![0]!.Attributes!.map((a) => a.Name)).toEqual(['email'])
    await expect(admin().send(new ListUsersCommand({ UserPoolId: listPool, Filter: 'email === nope' }))).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(admin().send(new ListUsersCommand({ UserPoolId: listPool, PaginationToken: 'forged-token' }))).rejects.toMatchObject({ name: 'InvalidParameterException' })
  })

  it('manages groups and memberships', async () => {
    const groupPool = await createPool()
    await admin().send(new CreateGroupCommand({ UserPoolId: groupPool, GroupName: 'admins', Precedence: 1, RoleArn: 'arn:aws:iam::123456789012:role/Admin' }))
    await admin().send(new CreateGroupCommand({ UserPoolId: groupPool, GroupName: 'staff', Precedence: 5, Description: 'everyone' }))
    await expect(admin().send(new CreateGroupCommand({ UserPoolId: groupPool, GroupName: 'staff' }))).rejects.toMatchObject({ name: 'GroupExistsException' })
    await expect(admin().send(new CreateGroupCommand({ UserPoolId: groupPool, GroupName: 'bad', RoleArn: 'not-an-arn-at-all-really' }))).rejects.toMatchObject({ name: 'InvalidParameterException' })
    const updated = await admin().send(new UpdateGroupCommand({ UserPoolId: groupPool, GroupName: 'staff', Description: 'all staff' }))
    expect(updated.Group).toMatchObject({ Description: 'all staff', Precedence: 5 })
    expect((await admin().send(new GetGroupCommand({ UserPoolId: groupPool, GroupName: 'admins' }))).Group?.RoleArn).toContain('role/Admin')
    for (let i = 0; i < 5; i++) await admin().send(new AdminCreateUserCommand({ UserPoolId: groupPool, Username: `m${i}`, MessageAction: 'SUPPRESS' }))
    for (let i = 0; i < 5; i++) await admin().send(new AdminAddUserToGroupCommand({ UserPoolId: groupPool, Username: `m${i}`, GroupName: 'staff' }))
    await admin().send(new AdminAddUserToGroupCommand({ UserPoolId: groupPool, Username: 'm0', GroupName: 'staff' }))
    await Promise.all(['admins', 'staff'].map((g) => admin().send(new AdminAddUserToGroupCommand({ UserPoolId: groupPool, Username: 'm1', GroupName: g }))))
    const groups = await admin().send(new AdminListGroupsForUserCommand({ UserPoolId: groupPool, Username: 'm1' }))
    expect(groups.Groups?.map((g) => g.GroupName).sort()).toEqual(['admins', 'staff'])
    const members: string[] = []
    let token: string | undefined
    do {
      const page = await admin().send(new ListUsersInGroupCommand({ UserPoolId: groupPool, GroupName: 'staff', Limit: 2, NextToken: token }))
      members.push(...page.Users!.map((u) => u.Username!))
      token = page.NextToken
    } while (token)
    expect(members.sort()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4'])
    const { clientId } = await createAppClient(groupPool)
    await admin().send(new AdminSetUserPasswordCommand({ UserPoolId: groupPool, Username: 'm1', Password: PASSWORD, Permanent: true }))
    const tokens = (await publicClient().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'm1', PASSWORD } }))).AuthenticationResult!
    const idClaims = JSON.parse(Buffer.from(tokens.IdToken!.split('.')[1]!, 'base64url').toString())
    expect(idClaims['cognito:groups']).toEqual(['admins', 'staff'])
    expect(idClaims['cognito:roles']).toEqual(['arn:aws:iam::123456789012:role/Admin'])
    expect(idClaims['cognito:preferred_role']).toBe('arn:aws:iam::123456789012:role/Admin')
    expect(JSON.parse(Buffer.from(tokens.AccessToken!.split('.')[1]!, 'base64url').toString())['cognito:groups']).toEqual(['admins', 'staff'])
    await admin().send(new AdminRemoveUserFromGroupCommand({ UserPoolId: groupPool, Username: 'm2', GroupName: 'staff' }))
    const listed = await admin().send(new ListGroupsCommand({ UserPoolId: groupPool, Limit: 1 }))
    expect(listed.Groups).toHaveLength(1)
    expect(listed.NextToken).toBeTruthy()
    await admin().send(new DeleteGroupCommand({ UserPoolId: groupPool, GroupName: 'staff' }))
    expect((await admin().send(new AdminListGroupsForUserCommand({ UserPoolId: groupPool, Username: 'm1' }))).Groups?.map((g) => g.GroupName)).toEqual(['admins'])
    await expect(admin().send(new ListUsersInGroupCommand({ UserPoolId: groupPool, GroupName: 'staff' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
    await expect(admin().send(new AdminAddUserToGroupCommand({ UserPoolId: groupPool, Username: 'ghost', GroupName: 'admins' }))).rejects.toMatchObject({ name: 'UserNotFoundException' })
  })
})
