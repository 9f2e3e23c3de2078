import { GetCredentialsForIdentityCommand, GetIdCommand } from '@aws-sdk/client-cognito-identity'
import {
  AdminAddUserToGroupCommand,
  type CognitoIdentityProviderClient,
  CreateGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { describe, expect, it } from 'vitest'
import { testApp } from './support/app'
import { failure } from './support/iam'
import { userPoolFixture, type UserPoolFixture } from './support/identity-pools'
import { sdkClient } from './support/sdk'
import { get, jwtClaims, put, sessionFixture } from './support/session-fixture'

const role = (name: string) => `arn:aws:iam::000000000000:role/${name}`

/** Groups of a user pool, and a user in some of them signing in for an ID token. */
function groupsOf(idp: CognitoIdentityProviderClient, users: UserPoolFixture) {
  return {
    async group(GroupName: string, RoleArn?: string, Precedence?: number) {
      await idp.send(
        new CreateGroupCommand({
          UserPoolId: users.poolId,
          GroupName,
          ...(RoleArn ? { RoleArn } : {}),
          ...(Precedence !== undefined ? { Precedence } : {}),
        }),
      )
    },
    /** The ID token of `username`, a member of `groups`. */
    async tokenOf(username: string, groups: string[]): Promise<string> {
      await users.signIn(username)
      for (const GroupName of groups)
        await idp.send(
          new AdminAddUserToGroupCommand({
            UserPoolId: users.poolId,
            Username: username,
            GroupName,
          }),
        )
      return users.signIn(username)
    },
  }
}

async function groupFixture() {
  const app = testApp()
  const idp = sdkClient(app)
  const users = await userPoolFixture(idp)
  return groupsOf(idp, users)
}

describe('cognito:roles and cognito:preferred_role in ID tokens', () => {
  it('list the roles by precedence, and prefer the best group’s', async () => {
    const { group, tokenOf } = await groupFixture()
    await group('second', role('second'), 1)
    await group('first', role('first'), 0)
    await group('unranked', role('unranked'))
    await group('roleless', undefined, 0)
    const claims = jwtClaims(await tokenOf('ann', ['second', 'first', 'unranked', 'roleless']))
    expect(claims['cognito:groups']).toEqual(['first', 'roleless', 'second', 'unranked'])
    expect(claims['cognito:roles']).toEqual([role('first'), role('second'), role('unranked')])
    expect(claims['cognito:preferred_role']).toBe(role('first'))
  })

  it('prefer no role when the best groups tie with different roles, and the shared one when they agree', async () => {
    const { group, tokenOf } = await groupFixture()
    await group('a', role('a'), 0)
    await group('b', role('b'), 0)
    await group('c', role('shared'), 2)
    await group('d', role('shared'), 2)
    await group('worse', role('worse'), 3)
    const tied = jwtClaims(await tokenOf('ben', ['a', 'b']))
    expect(tied['cognito:roles']).toEqual([role('a'), role('b')])
    expect(tied).not.toHaveProperty('cognito:preferred_role')
    const agreeing = jwtClaims(await tokenOf('cy', ['c', 'd', 'worse']))
    expect(agreeing['cognito:roles']).toEqual([role('shared'), role('worse')])
    expect(agreeing['cognito:preferred_role']).toBe(role('shared'))
  })

  it('prefer a single role whatever the precedence, and none among unranked different roles', async () => {
    const { group, tokenOf } = await groupFixture()
    await group('only', role('only'))
    await group('plain')
    await group('x', role('x'))
    await group('y', role('y'))
    const single = jwtClaims(await tokenOf('di', ['only', 'plain']))
    expect(single['cognito:preferred_role']).toBe(role('only'))
    const unranked = jwtClaims(await tokenOf('ed', ['x', 'y']))
    expect(unranked['cognito:roles']).toEqual([role('x'), role('y')])
    expect(unranked).not.toHaveProperty('cognito:preferred_role')
    const none = jwtClaims(await tokenOf('fi', ['plain']))
    expect(none).not.toHaveProperty('cognito:roles')
    expect(none).not.toHaveProperty('cognito:preferred_role')
  })
})

describe('a Token role mapping over group roles', () => {
  async function setup() {
    const fixture = await sessionFixture()
    const shared = (actions: string[]) => ({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: actions, Resource: 'arn:aws:s3:::media/shared/*' }],
    })
    const editors = await fixture.role(
      'editors',
      'authenticated',
      shared(['s3:GetObject', 's3:PutObject']),
    )
    const readers = await fixture.role('readers', 'authenticated', shared(['s3:GetObject']))
    await fixture.setRoles(
      { authenticated: readers },
      {
        [`${fixture.users.provider}:${fixture.users.clientId}`]: {
          Type: 'Token',
          AmbiguousRoleResolution: 'Deny',
        },
      },
    )
    const { group, tokenOf } = groupsOf(sdkClient(fixture.app), fixture.users)
    await group('editors', editors, 0)
    await group('readers', readers, 5)
    await group('also-first', readers, 0)
    await put(fixture.admin, 'shared/readme.txt', 'hello')
    return { ...fixture, editors, readers, tokenOf }
  }

  it('gives the preferred role, and the session may do what that role allows', async () => {
    const { users, session, editors, readers, tokenOf } = await setup()
    const editor = await session({
      [users.provider]: await tokenOf('gail', ['editors', 'readers']),
    })
    expect((await editor.claims()).roleArn).toBe(editors)
    await put(editor.s3, 'shared/edited.txt')

    const reader = await session({ [users.provider]: await tokenOf('hal', ['readers']) })
    expect((await reader.claims()).roleArn).toBe(readers)
    expect(await (await get(reader.s3, 'shared/readme.txt')).Body!.transformToString()).toBe(
      'hello',
    )
    const denied = await failure(put(reader.s3, 'shared/edited.txt'))
    expect(denied).toMatchObject({ name: 'AccessDenied', status: 403 })
    expect(denied.message).toContain('assumed-role/readers/')
  })

  it('takes a CustomRoleArn among cognito:roles, and denies an ambiguous token as the mapping says', async () => {
    const { identity, poolId, users, readers, tokenOf } = await setup()
    const Logins = { [users.provider]: await tokenOf('ivy', ['editors', 'readers']) }
    const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: poolId, Logins }))
    const custom = await identity.send(
      new GetCredentialsForIdentityCommand({ IdentityId, Logins, CustomRoleArn: readers }),
    )
    expect(custom.Credentials?.AccessKeyId).toMatch(/^ASIA/)

    // editors and also-first tie at precedence 0 with different roles: no preferred role.
    const tiedLogins = { [users.provider]: await tokenOf('jo', ['editors', 'also-first']) }
    const tied = await identity.send(
      new GetIdCommand({ IdentityPoolId: poolId, Logins: tiedLogins }),
    )
    expect(
      await failure(
        identity.send(
          new GetCredentialsForIdentityCommand({ IdentityId: tied.IdentityId, Logins: tiedLogins }),
        ),
      ),
    ).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'The ambiguous role mapping rules denied this request.',
    })
  })
})
