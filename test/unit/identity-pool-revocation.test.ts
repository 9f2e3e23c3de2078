import {
  DeleteIdentitiesCommand,
  DeleteIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  MergeDeveloperIdentitiesCommand,
  UnlinkDeveloperIdentityCommand,
  UnlinkIdentityCommand,
  UpdateIdentityPoolCommand,
} from '@aws-sdk/client-cognito-identity'
import { AdminDisableUserCommand } from '@aws-sdk/client-cognito-identity-provider'
import { describe, expect, it } from 'vitest'
import { resolveDeveloperIdentity } from '../../src/identitypool/identities/developer-identities'
import { AUTH } from './support/app'
import { failure } from './support/iam'
import { sdkClient } from './support/sdk'
import { get, put, sessionFixture } from './support/session-fixture'

/** Everyone may read and write `shared/`. */
const SHARED = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: 'arn:aws:s3:::media/shared/*',
    },
  ],
}

const DEVELOPER = 'login.example.app'

async function setup() {
  const fixture = await sessionFixture({ developerProvider: DEVELOPER })
  await fixture.setRoles({
    authenticated: await fixture.role('users', 'authenticated', SHARED),
    unauthenticated: await fixture.role('guests', 'unauthenticated', SHARED),
  })
  await put(fixture.admin, 'shared/readme.txt', 'hello')
  return fixture
}

const INVALID_TOKEN = { name: 'InvalidToken', status: 400 }

describe('revoking the sessions of an identity', () => {
  it('refuses a session once DeleteIdentities removed its identity', async () => {
    const { identity, users, session } = await setup()
    const alice = await session({ [users.provider]: await users.signIn('alice') })
    expect(await (await get(alice.s3, 'shared/readme.txt')).Body!.transformToString()).toBe('hello')
    await identity.send(new DeleteIdentitiesCommand({ IdentityIdsToDelete: [alice.identityId] }))
    expect(await failure(get(alice.s3, 'shared/readme.txt'))).toMatchObject(INVALID_TOKEN)
    expect(await failure(put(alice.s3, 'shared/late.txt'))).toMatchObject(INVALID_TOKEN)
    // Signing in again makes a new identity, whose session works.
    const again = await session({ [users.provider]: await users.signIn('alice') })
    expect(again.identityId).not.toBe(alice.identityId)
    await put(again.s3, 'shared/again.txt')
  })

  it('refuses the sessions begun before UnlinkIdentity, and not one begun after, in the same second', async () => {
    const { identity, users, otherUsers, session } = await setup()
    const logins = {
      [users.provider]: await users.signIn('bob'),
      [otherUsers.provider]: await otherUsers.signIn('bob'),
    }
    const before = await session(logins)
    await put(before.s3, 'shared/before.txt')
    await identity.send(
      new UnlinkIdentityCommand({
        IdentityId: before.identityId,
        Logins: logins,
        LoginsToRemove: [otherUsers.provider],
      }),
    )
    expect(await failure(get(before.s3, 'shared/readme.txt'))).toMatchObject(INVALID_TOKEN)
    // The login still linked proves the identity: a new session for it works at once.
    const after = await session({ [users.provider]: logins[users.provider]! }, before.identityId)
    expect(after.identityId).toBe(before.identityId)
    expect(await (await get(after.s3, 'shared/readme.txt')).Body!.transformToString()).toBe('hello')
    expect((await after.claims()).iat).toBeGreaterThan((await before.claims()).iat)
    expect(await failure(get(before.s3, 'shared/readme.txt'))).toMatchObject(INVALID_TOKEN)
  })

  it('refuses the session of a guest identity merged into a user’s', async () => {
    const { identity, users, session } = await setup()
    const carolToken = await users.signIn('carol')
    const carol = await session({ [users.provider]: carolToken })
    const guest = await session()
    await get(guest.s3, 'shared/readme.txt')
    // The guest signs in as carol: its identity is merged into carol's.
    const merged = await identity.send(
      new GetCredentialsForIdentityCommand({
        IdentityId: guest.identityId,
        Logins: { [users.provider]: carolToken },
      }),
    )
    expect(merged.IdentityId).toBe(carol.identityId)
    expect(await failure(get(guest.s3, 'shared/readme.txt'))).toMatchObject(INVALID_TOKEN)
    await get(carol.s3, 'shared/readme.txt')
  })

  it('refuses every session of a deleted identity pool', async () => {
    const { identity, poolId, users, session } = await setup()
    const dave = await session({ [users.provider]: await users.signIn('dave') })
    await identity.send(new DeleteIdentityPoolCommand({ IdentityPoolId: poolId }))
    expect(await failure(get(dave.s3, 'shared/readme.txt'))).toMatchObject(INVALID_TOKEN)
  })

  it('reaches another isolate within a second, its own at once', async () => {
    const { app, identity, users, session, s3With } = await setup()
    const erin = await session({ [users.provider]: await users.signIn('erin') })
    const elsewhere = app.otherIsolate()
    const erinElsewhere = s3With(erin.answer, elsewhere)
    await get(erin.s3, 'shared/readme.txt')
    await get(erinElsewhere, 'shared/readme.txt')
    await identity.send(new DeleteIdentitiesCommand({ IdentityIdsToDelete: [erin.identityId] }))
    expect(await failure(get(erin.s3, 'shared/readme.txt'))).toMatchObject(INVALID_TOKEN)
    // The other isolate read the identity before the deletion and trusts that for up to a second.
    await get(erinElsewhere, 'shared/readme.txt')
    app.advance(1000)
    expect(await failure(get(erinElsewhere, 'shared/readme.txt'))).toMatchObject(INVALID_TOKEN)
  })

  it('does not revoke live sessions when the user is disabled, but refuses new ones with ServerSideTokenCheck', async () => {
    const { app, identity, users, poolId, session } = await setup()
    await identity.send(
      new UpdateIdentityPoolCommand({
        IdentityPoolId: poolId,
        IdentityPoolName: 'checked',
        AllowUnauthenticatedIdentities: true,
        CognitoIdentityProviders: [
          { ProviderName: users.provider, ClientId: users.clientId, ServerSideTokenCheck: true },
        ],
      }),
    )
    const token = await users.signIn('frank')
    const frank = await session({ [users.provider]: token })
    await sdkClient(app).send(
      new AdminDisableUserCommand({ UserPoolId: users.poolId, Username: 'frank' }),
    )
    await get(frank.s3, 'shared/readme.txt')
    expect(await failure(session({ [users.provider]: token }, frank.identityId))).toMatchObject({
      name: 'NotAuthorizedException',
    })
  })

  it('refuses the sessions of a developer identity unlinked or merged away', async () => {
    const { app, identity, poolId, users, otherUsers, session } = await setup()
    const context = {
      services: app.runtime.services,
      issuerOrigin: AUTH,
      loginEndpoints: app.runtime.loginEndpoints,
    }
    /** A developer user identifier's identity, with a user-pool login to ask for credentials with. */
    const developerUser = async (identifier: string, username: string, pool = users) => {
      const Logins = { [pool.provider]: await pool.signIn(username) }
      const { identityId } = await resolveDeveloperIdentity(context, poolId, undefined, {
        [DEVELOPER]: identifier,
        ...Logins,
      })
      return { identityId, s3: (await session(Logins, identityId)).s3 }
    }
    const kim = await developerUser('kim', 'kim')
    await get(kim.s3, 'shared/readme.txt')
    await identity.send(
      new UnlinkDeveloperIdentityCommand({
        IdentityId: kim.identityId,
        IdentityPoolId: poolId,
        DeveloperProviderName: DEVELOPER,
        DeveloperUserIdentifier: 'kim',
      }),
    )
    expect(await failure(get(kim.s3, 'shared/readme.txt'))).toMatchObject(INVALID_TOKEN)

    const lee = await developerUser('lee', 'lee')
    // Of another user pool: one identity may not hold two logins of one provider.
    const max = await developerUser('max', 'max', otherUsers)
    await identity.send(
      new MergeDeveloperIdentitiesCommand({
        IdentityPoolId: poolId,
        DeveloperProviderName: DEVELOPER,
        SourceUserIdentifier: 'max',
        DestinationUserIdentifier: 'lee',
      }),
    )
    expect(await failure(get(max.s3, 'shared/readme.txt'))).toMatchObject(INVALID_TOKEN)
    await get(lee.s3, 'shared/readme.txt')
  })
})
