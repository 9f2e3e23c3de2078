import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  AdminListGroupsForUserCommand,
  CreateGroupCommand,
  CreateIdentityProviderCommand,
  DeleteGroupCommand,
  ListUsersInGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { beforeAll, describe, expect, it } from 'vitest'
import { adminClient, createPool } from '../support/clients'

const admin = adminClient()

/**
 * Store keys join their parts with `:`, and group names, provider names, subjects and usernames
 * may contain `:` (and `%`). Every key must name one thing only: a group `a` must not see the
 * members of `a:b`, and a link of provider `Upp` for subject `x:s` is not one of `Upp:x` for `s`.
 */
describe('store keys are unambiguous', () => {
  let poolId: string
  const users = ['ann', 'ben', 'cat', 'dan']

  beforeAll(async () => {
    poolId = await createPool()
    for (const Username of users)
      await admin.send(
        new AdminCreateUserCommand({ UserPoolId: poolId, Username, MessageAction: 'SUPPRESS' }),
      )
  })

  const group = (GroupName: string) =>
    admin.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName }))
  const join = (Username: string, GroupName: string) =>
    admin.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username, GroupName }))
  const members = async (GroupName: string) =>
    (await admin.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName }))).Users?.map(
      (u) => u.Username,
    )
  const groupsOf = async (Username: string) =>
    (
      await admin.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username }))
    ).Groups?.map((g) => g.GroupName)

  it('lists the members of a group once, and only its own, whatever the names contain', async () => {
    for (const name of ['a', 'a:b', 'a%3Ab', 'c:']) await group(name)
    await join('ann', 'a')
    await join('ann', 'a:b')
    await join('ben', 'a%3Ab')
    await join('cat', 'c:')
    expect(await members('a')).toEqual(['ann'])
    expect(await members('a:b')).toEqual(['ann'])
    expect(await members('a%3Ab')).toEqual(['ben'])
    expect(await members('c:')).toEqual(['cat'])
    // Deleting `a` takes ann out of `a` only, and ends.
    await admin.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'a' }))
    expect(await groupsOf('ann')).toEqual(['a:b'])
    expect(await members('a:b')).toEqual(['ann'])
  })

  it('keeps the links of provider Upp for x:s and of provider Upp:x for s apart', async () => {
    for (const ProviderName of ['Upp', 'Upp:x'])
      await admin.send(
        new CreateIdentityProviderCommand({
          UserPoolId: poolId,
          ProviderName,
          ProviderType: 'OIDC',
          ProviderDetails: {
            client_id: 'portcullis',
            authorize_scopes: 'openid',
            oidc_issuer: 'https://idp.example',
          },
        }),
      )
    const link = (ProviderName: string, subject: string, username: string) =>
      admin.send(
        new AdminLinkProviderForUserCommand({
          UserPoolId: poolId,
          DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: username },
          SourceUser: {
            ProviderName,
            ProviderAttributeName: 'Cognito_Subject',
            ProviderAttributeValue: subject,
          },
        }),
      )
    const identitiesOf = async (Username: string) =>
      JSON.parse(
        (
          await admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username }))
        ).UserAttributes?.find((a) => a.Name === 'identities')?.Value ?? '[]',
      ).map((i: { providerName: string; userId: string }) => `${i.providerName}/${i.userId}`)
    await link('Upp', 'x:s', 'cat')
    await link('Upp:x', 's', 'dan')
    expect(await identitiesOf('cat')).toEqual(['Upp/x:s'])
    expect(await identitiesOf('dan')).toEqual(['Upp:x/s'])
    await admin.send(
      new AdminDisableProviderForUserCommand({
        UserPoolId: poolId,
        User: {
          ProviderName: 'Upp:x',
          ProviderAttributeName: 'Cognito_Subject',
          ProviderAttributeValue: 's',
        },
      }),
    )
    expect(await identitiesOf('dan')).toEqual([])
    expect(await identitiesOf('cat')).toEqual(['Upp/x:s'])
  })
})
