import {
  CognitoIdentityServiceException,
  CreateIdentityPoolCommand,
  type CreateIdentityPoolCommandInput,
  DeleteIdentitiesCommand,
  DescribeIdentityCommand,
  GetIdCommand,
  ListIdentitiesCommand,
  UnlinkIdentityCommand,
} from '@aws-sdk/client-cognito-identity'
import { AdminUserGlobalSignOutCommand } from '@aws-sdk/client-cognito-identity-provider'
import { describe, expect, it } from 'vitest'
import { resolveIdentity } from '../../src/identitypool/identities/resolve-identity'
import { AUTH, testApp } from './support/app'
import { userPoolFixture } from './support/identity-pools'
import { identitySdkClient, sdkClient } from './support/sdk'

async function refusal(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise
  } catch (error) {
    if (error instanceof CognitoIdentityServiceException)
      return { name: error.name, message: error.message }
    throw error
  }
  throw new Error('expected a refusal')
}

/** A Worker with one user pool, and an identity pool that takes its ID tokens. */
async function setup(input: Partial<CreateIdentityPoolCommandInput> = {}) {
  const app = testApp()
  const idp = sdkClient(app)
  const identity = identitySdkClient(app)
  const users = await userPoolFixture(idp)
  const pool = await identity.send(
    new CreateIdentityPoolCommand({
      IdentityPoolName: 'app',
      AllowUnauthenticatedIdentities: true,
      CognitoIdentityProviders: [{ ProviderName: users.provider, ClientId: users.clientId }],
      ...input,
    }),
  )
  const poolId = pool.IdentityPoolId!
  const getId = (logins?: Record<string, string>) =>
    identity.send(
      new GetIdCommand({ IdentityPoolId: poolId, ...(logins ? { Logins: logins } : {}) }),
    )
  return { app, idp, identity, users, poolId, getId }
}

describe('GetId', () => {
  it('gives a guest a new identity when the pool allows them', async () => {
    const { getId, identity } = await setup()
    const a = (await getId()).IdentityId!
    const b = (await getId()).IdentityId!
    expect(a).toMatch(/^us-east-1:[0-9a-f-]{36}$/)
    expect(b).not.toBe(a)
    expect(await identity.send(new DescribeIdentityCommand({ IdentityId: a }))).toMatchObject({
      IdentityId: a,
      Logins: [],
    })
  })

  it('refuses guests where the pool does not allow them, in Cognito words', async () => {
    const { getId } = await setup({ AllowUnauthenticatedIdentities: false })
    expect(await refusal(getId())).toEqual({
      name: 'NotAuthorizedException',
      message: 'Unauthenticated access is not supported for this identity pool.',
    })
  })

  it('finds the same identity for the same user, under either spelling of the provider', async () => {
    const { getId, users, identity } = await setup()
    const first = (await getId({ [users.provider]: await users.signIn('alice') })).IdentityId!
    const again = (await getId({ [users.provider]: await users.signIn('alice') })).IdentityId!
    // Amplify pointed at a custom endpoint sends the issuer without its scheme.
    const byIssuer = (
      await getId({ [`127.0.0.1:8787/${users.poolId}`]: await users.signIn('alice') })
    ).IdentityId!
    const bob = (await getId({ [users.provider]: await users.signIn('bob') })).IdentityId!
    expect(again).toBe(first)
    expect(byIssuer).toBe(first)
    expect(bob).not.toBe(first)
    expect(await identity.send(new DescribeIdentityCommand({ IdentityId: first }))).toMatchObject({
      Logins: [users.provider],
    })
  })

  it('refuses tampered, expired, wrong-client, wrong-issuer and unsupported tokens', async () => {
    const { app, getId, users } = await setup()
    const token = await users.signIn('alice')
    const [header, payload, signature] = token.split('.') as [string, string, string]
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
      string,
      unknown
    >
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url')}.${signature}`
    expect(await refusal(getId({ [users.provider]: forged }))).toEqual({
      name: 'NotAuthorizedException',
      message: "Invalid login token. Couldn't verify signed token.",
    })
    expect(await refusal(getId({ [users.provider]: 'not-a-token' }))).toMatchObject({
      name: 'NotAuthorizedException',
    })
    const other = await users.otherClient()
    expect(await refusal(getId({ [users.provider]: await other.signIn('alice') }))).toEqual({
      name: 'NotAuthorizedException',
      message: 'Invalid login token. Incorrect token audience.',
    })
    expect(await refusal(getId({ [`evil.example/${users.poolId}`]: token }))).toEqual({
      name: 'NotAuthorizedException',
      message: "Invalid login token. Issuer doesn't match providerName",
    })
    expect(await refusal(getId({ 'accounts.google.com': token }))).toEqual({
      name: 'NotAuthorizedException',
      message: 'Token is not from a supported provider of this identity pool.',
    })
    app.advance(61 * 60_000)
    expect(await refusal(getId({ [users.provider]: token }))).toEqual({
      name: 'NotAuthorizedException',
      message: 'Invalid login token. Token expired.',
    })
  })

  it('checks the user session on the server when ServerSideTokenCheck is on', async () => {
    const app = testApp()
    const idp = sdkClient(app)
    const identity = identitySdkClient(app)
    const users = await userPoolFixture(idp)
    const poolId = (
      await identity.send(
        new CreateIdentityPoolCommand({
          IdentityPoolName: 'checked',
          AllowUnauthenticatedIdentities: false,
          CognitoIdentityProviders: [
            { ProviderName: users.provider, ClientId: users.clientId, ServerSideTokenCheck: true },
          ],
        }),
      )
    ).IdentityPoolId!
    const token = await users.signIn('carol')
    const logins = { [users.provider]: token }
    expect(
      (await identity.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: logins })))
        .IdentityId,
    ).toBeDefined()
    app.advance(1000)
    await idp.send(
      new AdminUserGlobalSignOutCommand({ UserPoolId: users.poolId, Username: 'carol' }),
    )
    expect(
      await refusal(identity.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }))),
    ).toEqual({
      name: 'NotAuthorizedException',
      message: 'Invalid login token. Token has been revoked.',
    })
  })

  it('links several logins to one identity, and merges identities as Cognito does', async () => {
    const app = testApp()
    const idp = sdkClient(app)
    const identity = identitySdkClient(app)
    const a = await userPoolFixture(idp)
    const b = await userPoolFixture(idp)
    const poolId = (
      await identity.send(
        new CreateIdentityPoolCommand({
          IdentityPoolName: 'two pools',
          AllowUnauthenticatedIdentities: false,
          CognitoIdentityProviders: [
            { ProviderName: a.provider, ClientId: a.clientId },
            { ProviderName: b.provider, ClientId: b.clientId },
          ],
        }),
      )
    ).IdentityPoolId!
    const getId = async (logins: Record<string, string>) =>
      (await identity.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: logins })))
        .IdentityId!
    const x = await getId({ [a.provider]: await a.signIn('ann') })
    app.advance(1000)
    const y = await getId({ [b.provider]: await b.signIn('ben') })
    expect(y).not.toBe(x)
    // Both logins in one call: the identities merge into the older one.
    const merged = await getId({
      [a.provider]: await a.signIn('ann'),
      [b.provider]: await b.signIn('ben'),
    })
    expect(merged).toBe(x)
    expect(await getId({ [b.provider]: await b.signIn('ben') })).toBe(x)
    const listed = await identity.send(
      new ListIdentitiesCommand({ IdentityPoolId: poolId, MaxResults: 60 }),
    )
    expect(listed.Identities!.map((i) => i.IdentityId).sort()).toEqual([x, y].sort())
    const visible = await identity.send(
      new ListIdentitiesCommand({ IdentityPoolId: poolId, MaxResults: 60, HideDisabled: true }),
    )
    expect(visible.Identities!.map((i) => i.IdentityId)).toEqual([x])
    expect(visible.Identities![0]!.Logins!.sort()).toEqual([a.provider, b.provider].sort())

    // Another user of pool A cannot be merged onto an identity that already has one.
    const z = await getId({ [a.provider]: await a.signIn('amy') })
    expect(z).not.toBe(x)
    expect(
      await refusal(
        identity.send(
          new GetIdCommand({
            IdentityPoolId: poolId,
            Logins: { [a.provider]: await a.signIn('amy'), [b.provider]: await b.signIn('ben') },
          }),
        ),
      ),
    ).toMatchObject({ name: 'ResourceConflictException' })
    // Nothing moved.
    expect(await getId({ [a.provider]: await a.signIn('amy') })).toBe(z)
    expect(await getId({ [b.provider]: await b.signIn('ben') })).toBe(x)
  })

  it('turns a guest identity into an authenticated one when a login is linked to it', async () => {
    const { app, getId, users, poolId, identity } = await setup()
    const guest = (await getId()).IdentityId!
    const context = {
      services: app.runtime.services,
      issuerOrigin: AUTH,
      loginEndpoints: app.runtime.loginEndpoints,
    }
    const resolved = await resolveIdentity(context, poolId, guest, {
      [users.provider]: await users.signIn('dana'),
    })
    expect(resolved).toMatchObject({ identityId: guest, authenticated: true })
    expect(resolved.logins[0]).toMatchObject({ provider: users.provider })
    expect(resolved.logins[0]!.claims['cognito:username']).toBe('dana')
    expect((await getId({ [users.provider]: await users.signIn('dana') })).IdentityId).toBe(guest)
    // Now authenticated, the identity no longer answers without one of its logins.
    await expect(resolveIdentity(context, poolId, guest, {})).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    })
    expect(await identity.send(new DescribeIdentityCommand({ IdentityId: guest }))).toMatchObject({
      Logins: [users.provider],
    })
  })

  it('validates GetId input: pool id, login count, and unknown pools', async () => {
    const { getId, identity } = await setup()
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`p${i}.example`, 't']))
    expect(await refusal(getId(eleven))).toMatchObject({ name: 'InvalidParameterException' })
    expect(
      await refusal(identity.send(new GetIdCommand({ IdentityPoolId: 'not an id' }))),
    ).toMatchObject({ name: 'InvalidParameterException' })
    expect(
      await refusal(
        identity.send(
          new GetIdCommand({ IdentityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000' }),
        ),
      ),
    ).toMatchObject({ name: 'ResourceNotFoundException' })
  })
})

describe('identities: DescribeIdentity, ListIdentities, DeleteIdentities, UnlinkIdentity', () => {
  it('pages ListIdentities across partitions, and deletes identities by id', async () => {
    const { getId, identity, poolId } = await setup()
    const ids = new Set<string>()
    for (let i = 0; i < 7; i++) ids.add((await getId()).IdentityId!)
    const seen: string[] = []
    let token: string | undefined
    do {
      const page = await identity.send(
        new ListIdentitiesCommand({
          IdentityPoolId: poolId,
          MaxResults: 3,
          ...(token ? { NextToken: token } : {}),
        }),
      )
      expect(page.Identities!.length).toBeLessThanOrEqual(3)
      seen.push(...page.Identities!.map((i) => i.IdentityId!))
      token = page.NextToken
    } while (token)
    expect(seen.length).toBe(7)
    expect(new Set(seen)).toEqual(ids)

    const [first, second] = [...ids] as [string, string]
    const deleted = await identity.send(
      new DeleteIdentitiesCommand({
        IdentityIdsToDelete: [first, second, 'us-east-1:00000000-0000-0000-0000-000000000000'],
      }),
    )
    expect(deleted.UnprocessedIdentityIds).toEqual([])
    expect(
      await refusal(identity.send(new DescribeIdentityCommand({ IdentityId: first }))),
    ).toMatchObject({ name: 'ResourceNotFoundException' })
    const left = await identity.send(
      new ListIdentitiesCommand({ IdentityPoolId: poolId, MaxResults: 60 }),
    )
    expect(left.Identities!.length).toBe(5)
    const sixtyOne = Array.from({ length: 61 }, () => first)
    expect(
      await refusal(identity.send(new DeleteIdentitiesCommand({ IdentityIdsToDelete: sixtyOne }))),
    ).toMatchObject({ name: 'InvalidParameterException' })
  })

  it('a deleted identity’s login makes a new identity next time', async () => {
    const { getId, identity, users } = await setup()
    const first = (await getId({ [users.provider]: await users.signIn('eve') })).IdentityId!
    await identity.send(new DeleteIdentitiesCommand({ IdentityIdsToDelete: [first] }))
    const next = (await getId({ [users.provider]: await users.signIn('eve') })).IdentityId!
    expect(next).not.toBe(first)
  })

  it('UnlinkIdentity needs a valid login of the identity, and frees the login', async () => {
    const { getId, identity, users } = await setup()
    const id = (await getId({ [users.provider]: await users.signIn('fay') })).IdentityId!
    const stranger = (await getId({ [users.provider]: await users.signIn('gus') })).IdentityId!
    expect(stranger).not.toBe(id)
    expect(
      await refusal(
        identity.send(
          new UnlinkIdentityCommand({
            IdentityId: id,
            Logins: { [users.provider]: await users.signIn('gus') },
            LoginsToRemove: [users.provider],
          }),
        ),
      ),
    ).toMatchObject({ name: 'NotAuthorizedException' })
    await identity.send(
      new UnlinkIdentityCommand({
        IdentityId: id,
        Logins: { [users.provider]: await users.signIn('fay') },
        LoginsToRemove: [users.provider],
      }),
    )
    expect(await identity.send(new DescribeIdentityCommand({ IdentityId: id }))).toMatchObject({
      Logins: [],
    })
    // Unlinked logins are new identities the next time they are seen.
    expect((await getId({ [users.provider]: await users.signIn('fay') })).IdentityId).not.toBe(id)
  })
})
