import {
  CognitoIdentityServiceException,
  CreateIdentityPoolCommand,
  DescribeIdentityCommand,
  GetIdCommand,
  LookupDeveloperIdentityCommand,
  MergeDeveloperIdentitiesCommand,
  UnlinkDeveloperIdentityCommand,
} from '@aws-sdk/client-cognito-identity'
import { describe, expect, it } from 'vitest'
import { resolveDeveloperIdentity } from '../../src/identitypool/identities/developer-identities'
import { AUTH, testApp } from './support/app'
import { userPoolFixture } from './support/identity-pools'
import { identitySdkClient, sdkClient } from './support/sdk'

const DEVELOPER = 'login.example'

async function refusal(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise
  } catch (error) {
    if (error instanceof CognitoIdentityServiceException)
      return { name: error.name, message: error.message }
    if (error instanceof Error) return { name: error.name, message: error.message }
    throw error
  }
  throw new Error('expected a refusal')
}

async function setup() {
  const app = testApp()
  const identity = identitySdkClient(app)
  const users = await userPoolFixture(sdkClient(app))
  const poolId = (
    await identity.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: 'developer',
        AllowUnauthenticatedIdentities: true,
        DeveloperProviderName: DEVELOPER,
        CognitoIdentityProviders: [{ ProviderName: users.provider, ClientId: users.clientId }],
      }),
    )
  ).IdentityPoolId!
  const context = {
    services: app.runtime.services,
    issuerOrigin: AUTH,
    loginEndpoints: app.runtime.loginEndpoints,
  }
  /** The identity part of GetOpenIdTokenForDeveloperIdentity. */
  const developerIdentity = async (
    identifier: string,
    identityId?: string,
    more: Record<string, string> = {},
  ) =>
    (
      await resolveDeveloperIdentity(context, poolId, identityId, {
        [DEVELOPER]: identifier,
        ...more,
      })
    ).identityId
  const lookup = (input: {
    IdentityId?: string
    DeveloperUserIdentifier?: string
    MaxResults?: number
    NextToken?: string
  }) => identity.send(new LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, ...input }))
  return { app, identity, users, poolId, developerIdentity, lookup }
}

describe('developer-authenticated identities', () => {
  it('registers an identifier once, and looks it up both ways', async () => {
    const { developerIdentity, lookup } = await setup()
    const id = await developerIdentity('user-1')
    expect(await developerIdentity('user-1')).toBe(id)
    expect(await lookup({ DeveloperUserIdentifier: 'user-1' })).toMatchObject({
      IdentityId: id,
      DeveloperUserIdentifierList: ['user-1'],
    })
    expect(await lookup({ IdentityId: id })).toMatchObject({
      IdentityId: id,
      DeveloperUserIdentifierList: ['user-1'],
    })
    const other = await developerIdentity('user-2')
    expect(
      await refusal(lookup({ IdentityId: other, DeveloperUserIdentifier: 'user-1' })),
    ).toMatchObject({ name: 'ResourceConflictException' })
    expect(await refusal(lookup({ DeveloperUserIdentifier: 'nobody' }))).toMatchObject({
      name: 'ResourceNotFoundException',
    })
    expect(await refusal(lookup({}))).toMatchObject({ name: 'InvalidParameterException' })
  })

  it('links an identifier to a guest identity; refuses one registered elsewhere', async () => {
    const { identity, poolId, developerIdentity } = await setup()
    const guest = (await identity.send(new GetIdCommand({ IdentityPoolId: poolId }))).IdentityId!
    expect(await developerIdentity('user-3', guest)).toBe(guest)
    const taken = await developerIdentity('user-4')
    expect(taken).not.toBe(guest)
    expect(await refusal(developerIdentity('user-4', guest))).toMatchObject({
      name: 'DeveloperUserAlreadyRegisteredException',
    })
  })

  it('the developer provider cannot be used with GetId', async () => {
    const { identity, poolId } = await setup()
    expect(
      await refusal(
        identity.send(
          new GetIdCommand({ IdentityPoolId: poolId, Logins: { [DEVELOPER]: 'user-1' } }),
        ),
      ),
    ).toMatchObject({ name: 'NotAuthorizedException' })
  })

  it('merges identities onto the destination, and unlinks identifiers', async () => {
    const { identity, poolId, developerIdentity, lookup } = await setup()
    const destination = await developerIdentity('dest')
    const source = await developerIdentity('src')
    const merged = await identity.send(
      new MergeDeveloperIdentitiesCommand({
        IdentityPoolId: poolId,
        DeveloperProviderName: DEVELOPER,
        SourceUserIdentifier: 'src',
        DestinationUserIdentifier: 'dest',
      }),
    )
    expect(merged.IdentityId).toBe(destination)
    expect(await developerIdentity('src')).toBe(destination)
    expect((await lookup({ IdentityId: destination })).DeveloperUserIdentifierList!.sort()).toEqual(
      ['dest', 'src'],
    )
    // Paged by MaxResults.
    const first = await lookup({ IdentityId: destination, MaxResults: 1 })
    expect(first.DeveloperUserIdentifierList).toHaveLength(1)
    const rest = await lookup({
      IdentityId: destination,
      MaxResults: 1,
      NextToken: first.NextToken!,
    })
    expect(
      [...first.DeveloperUserIdentifierList!, ...rest.DeveloperUserIdentifierList!].sort(),
    ).toEqual(['dest', 'src'])
    expect(rest.NextToken).toBeUndefined()
    expect(source).not.toBe(destination)

    await identity.send(
      new UnlinkDeveloperIdentityCommand({
        IdentityPoolId: poolId,
        IdentityId: destination,
        DeveloperProviderName: DEVELOPER,
        DeveloperUserIdentifier: 'src',
      }),
    )
    expect((await lookup({ IdentityId: destination })).DeveloperUserIdentifierList).toEqual([
      'dest',
    ])
    expect(await developerIdentity('src')).not.toBe(destination)
    expect(
      await refusal(
        identity.send(
          new UnlinkDeveloperIdentityCommand({
            IdentityPoolId: poolId,
            IdentityId: destination,
            DeveloperProviderName: DEVELOPER,
            DeveloperUserIdentifier: 'src',
          }),
        ),
      ),
    ).toMatchObject({ name: 'ResourceConflictException' })
    expect(
      await refusal(
        identity.send(
          new MergeDeveloperIdentitiesCommand({
            IdentityPoolId: poolId,
            DeveloperProviderName: 'other.example',
            SourceUserIdentifier: 'src',
            DestinationUserIdentifier: 'dest',
          }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidParameterException' })
  })

  it('refuses merges of two users of one public provider, and past twenty logins', async () => {
    const { identity, poolId, developerIdentity, users } = await setup()
    const withAlice = await developerIdentity('a', undefined, {
      [users.provider]: await users.signIn('alice'),
    })
    await developerIdentity('b', undefined, { [users.provider]: await users.signIn('bob') })
    const merge = (source: string, destination: string) =>
      identity.send(
        new MergeDeveloperIdentitiesCommand({
          IdentityPoolId: poolId,
          DeveloperProviderName: DEVELOPER,
          SourceUserIdentifier: source,
          DestinationUserIdentifier: destination,
        }),
      )
    expect(await refusal(merge('b', 'a'))).toMatchObject({ name: 'ResourceConflictException' })
    expect(
      await identity.send(new DescribeIdentityCommand({ IdentityId: withAlice })),
    ).toMatchObject({ Logins: expect.arrayContaining([users.provider, DEVELOPER]) })
    // 'a' holds two logins; eighteen more identifiers make twenty, the nineteenth is one too many.
    for (let i = 0; i < 18; i++) await merge(`extra-${i}`, 'a')
    expect(await refusal(merge('one-too-many', 'a'))).toMatchObject({
      name: 'LimitExceededException',
    })
  })
})
