import {
  CreateIdentityPoolCommand,
  GetPrincipalTagAttributeMapCommand,
  SetPrincipalTagAttributeMapCommand,
  UpdateIdentityPoolCommand,
} from '@aws-sdk/client-cognito-identity'
import {
  AdminUpdateUserAttributesCommand,
  AddCustomAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { CreateOpenIDConnectProviderCommand } from '@aws-sdk/client-iam'
import { describe, expect, it } from 'vitest'
import { sessionTags } from '../../src/identitypool/credentials/principal-tags'
import type { IdentityPoolConfig } from '../../src/identitypool/model'
import { failure } from './support/iam'
import { sdkClient } from './support/sdk'
import { get, jwtClaims, put, sessionFixture } from './support/session-fixture'

/** Storage where each user owns `home/{their username tag}/`. */
const HOME_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: 'arn:aws:s3:::media/home/${aws:PrincipalTag/username}/*',
    },
  ],
}

async function tagged() {
  const fixture = await sessionFixture()
  const { identity, poolId, users } = fixture
  const authenticated = await fixture.role('home', 'authenticated', HOME_POLICY, ['sts:TagSession'])
  await fixture.setRoles({ authenticated })
  const setMap = (input: { UseDefaults?: boolean; PrincipalTags?: Record<string, string> }) =>
    identity.send(
      new SetPrincipalTagAttributeMapCommand({
        IdentityPoolId: poolId,
        IdentityProviderName: users.provider,
        ...input,
      }),
    )
  const getMap = (IdentityProviderName: string) =>
    identity.send(
      new GetPrincipalTagAttributeMapCommand({ IdentityPoolId: poolId, IdentityProviderName }),
    )
  return { ...fixture, authenticated, setMap, getMap }
}

describe('GetPrincipalTagAttributeMap and SetPrincipalTagAttributeMap', () => {
  it('answer no map until one is set, then the defaults or the custom map, in either spelling', async () => {
    const { poolId, users, setMap, getMap } = await tagged()
    expect(await getMap(users.provider)).toMatchObject({
      IdentityPoolId: poolId,
      IdentityProviderName: users.provider,
      UseDefaults: false,
      PrincipalTags: {},
    })
    expect(await setMap({ UseDefaults: true })).toMatchObject({
      IdentityProviderName: users.provider,
      UseDefaults: true,
      PrincipalTags: { username: 'sub', client: 'aud' },
    })
    // The issuer spelling names the same user pool, and the answer names it as asked.
    const issuerName = `127.0.0.1:8787/${users.poolId}`
    expect(await getMap(issuerName)).toMatchObject({
      IdentityProviderName: issuerName,
      UseDefaults: true,
      PrincipalTags: { username: 'sub', client: 'aud' },
    })
    await setMap({ UseDefaults: false, PrincipalTags: { dept: 'custom:dept', who: 'email' } })
    expect(await getMap(users.provider)).toMatchObject({
      UseDefaults: false,
      PrincipalTags: { dept: 'custom:dept', who: 'email' },
    })
  })

  it('keeps the maps across UpdateIdentityPool', async () => {
    const { identity, poolId, users, otherUsers, setMap, getMap } = await tagged()
    await setMap({ PrincipalTags: { who: 'email' } })
    await identity.send(
      new UpdateIdentityPoolCommand({
        IdentityPoolId: poolId,
        IdentityPoolName: 'renamed',
        AllowUnauthenticatedIdentities: true,
        CognitoIdentityProviders: [
          { ProviderName: users.provider, ClientId: users.clientId },
          { ProviderName: otherUsers.provider, ClientId: otherUsers.clientId },
        ],
      }),
    )
    expect((await getMap(users.provider)).PrincipalTags).toEqual({ who: 'email' })
  })

  it('take the providers of the pool only, and refuse bad maps with typed errors', async () => {
    const { identity, setMap, getMap } = await tagged()
    expect(
      await failure(getMap('cognito-idp.us-east-1.amazonaws.com/us-east-1_Nope0000')),
    ).toMatchObject({
      name: 'InvalidParameterException',
    })
    expect(await failure(getMap('accounts.google.com'))).toMatchObject({
      name: 'InvalidParameterException',
    })
    expect(
      await failure(
        identity.send(
          new GetPrincipalTagAttributeMapCommand({
            IdentityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000',
            IdentityProviderName: 'accounts.google.com',
          }),
        ),
      ),
    ).toMatchObject({ name: 'ResourceNotFoundException' })
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, 'sub']))
    expect(await failure(setMap({ PrincipalTags: many }))).toMatchObject({
      name: 'InvalidParameterException',
    })
    expect(await failure(setMap({ PrincipalTags: { 'bad,key': 'sub' } }))).toMatchObject({
      name: 'InvalidParameterException',
    })
    expect(await failure(setMap({ PrincipalTags: { ['k'.repeat(129)]: 'sub' } }))).toMatchObject({
      name: 'InvalidParameterException',
    })
  })

  it('name OpenID Connect providers by ARN or issuer, and public providers by name, with their defaults', async () => {
    const { identity, iam } = await tagged()
    const { OpenIDConnectProviderArn: arn } = await iam.send(
      new CreateOpenIDConnectProviderCommand({
        Url: 'https://issuer.example.com/tenant',
        ClientIDList: ['app'],
      }),
    )
    expect(arn).toBe('arn:aws:iam::000000000000:oidc-provider/issuer.example.com/tenant')
    const poolId = (
      await identity.send(
        new CreateIdentityPoolCommand({
          IdentityPoolName: 'federated',
          AllowUnauthenticatedIdentities: false,
          OpenIdConnectProviderARNs: [arn!],
          SupportedLoginProviders: {
            'www.amazon.com': 'amzn1.application.1',
            'accounts.google.com': 'g',
          },
          DeveloperProviderName: 'login.example.app',
        }),
      )
    ).IdentityPoolId!
    const set = (IdentityProviderName: string) =>
      identity.send(
        new SetPrincipalTagAttributeMapCommand({
          IdentityPoolId: poolId,
          IdentityProviderName,
          UseDefaults: true,
        }),
      )
    expect((await set(arn!)).PrincipalTags).toEqual({ username: 'sub', client: 'aud' })
    const byIssuer = await identity.send(
      new GetPrincipalTagAttributeMapCommand({
        IdentityPoolId: poolId,
        IdentityProviderName: 'issuer.example.com/tenant',
      }),
    )
    expect(byIssuer).toMatchObject({ UseDefaults: true })
    expect((await set('www.amazon.com')).PrincipalTags).toEqual({
      username: 'user_id',
      client: 'aud',
    })
    expect((await set('accounts.google.com')).PrincipalTags).toEqual({
      username: 'sub',
      client: 'aud',
    })
    // A developer provider's tags come with its token; no map is set for it.
    expect(await failure(set('login.example.app'))).toMatchObject({
      name: 'InvalidParameterException',
    })
  })
})

describe('principal tags in GetCredentialsForIdentity sessions', () => {
  it('tag a session with the default map, and let a tag policy give each user their own prefix', async () => {
    const { users, setMap, session, bucket } = await tagged()
    await setMap({ UseDefaults: true })
    const aliceToken = await users.signIn('alice')
    const aliceSub = jwtClaims(aliceToken).sub as string
    const alice = await session({ [users.provider]: aliceToken })
    expect((await alice.claims()).tags).toEqual({ username: aliceSub, client: users.clientId })
    const bobToken = await users.signIn('bob')
    const bobSub = jwtClaims(bobToken).sub as string
    const bob = await session({ [users.provider]: bobToken })

    await put(alice.s3, `home/${aliceSub}/notes.txt`, 'mine')
    expect(
      await (await get(alice.s3, `home/${aliceSub}/notes.txt`)).Body!.transformToString(),
    ).toBe('mine')
    const denied = await failure(get(bob.s3, `home/${aliceSub}/notes.txt`))
    expect(denied).toMatchObject({ name: 'AccessDenied', status: 403 })
    expect(denied.message).toContain('assumed-role/home/CognitoIdentityCredentials')
    expect(await failure(put(alice.s3, `home/${bobSub}/planted.txt`))).toMatchObject({
      name: 'AccessDenied',
    })
    expect([...bucket.objects.keys()]).toEqual([`home/${aliceSub}/notes.txt`])
  })

  it('gives no tags without a map, so a tag policy allows nothing', async () => {
    const { users, session } = await tagged()
    const token = await users.signIn('carol')
    const carol = await session({ [users.provider]: token })
    expect((await carol.claims()).tags).toBeUndefined()
    expect(await failure(put(carol.s3, `home/${jwtClaims(token).sub}/x.txt`))).toMatchObject({
      name: 'AccessDenied',
    })
  })

  it('maps custom claims, string claims only, and refuses a value past 256 characters', async () => {
    const { app, users, setMap, session } = await tagged()
    const idp = sdkClient(app)
    await idp.send(
      new AddCustomAttributesCommand({
        UserPoolId: users.poolId,
        CustomAttributes: [{ Name: 'dept', AttributeDataType: 'String', Mutable: true }],
      }),
    )
    await setMap({
      PrincipalTags: { dept: 'custom:dept', verified: 'email_verified', name: 'cognito:username' },
    })
    await users.signIn('dana')
    const setDept = (value: string) =>
      idp.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: users.poolId,
          Username: 'dana',
          UserAttributes: [
            { Name: 'custom:dept', Value: value },
            { Name: 'email', Value: 'dana@example.com' },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      )
    await setDept('legal')
    const token = await users.signIn('dana')
    expect(jwtClaims(token).email_verified).toBe(true)
    const dana = await session({ [users.provider]: token })
    // email_verified is a boolean claim: no tag.
    expect((await dana.claims()).tags).toEqual({ dept: 'legal', name: 'dana' })

    await setDept('x'.repeat(257))
    expect(await failure(session({ [users.provider]: await users.signIn('dana') }))).toMatchObject({
      name: 'InvalidParameterException',
    })
  })

  it('needs sts:TagSession in the trust policy of a tagged session, as STS does', async () => {
    const { users, setMap, setRoles, role, session } = await tagged()
    const untagging = await role('no-tag-session', 'authenticated', HOME_POLICY)
    await setRoles({ authenticated: untagging })
    const token = await users.signIn('erin')
    expect((await (await session({ [users.provider]: token })).claims()).roleArn).toBe(untagging)
    await setMap({ UseDefaults: true })
    expect(await failure(session({ [users.provider]: token }))).toMatchObject({
      name: 'InvalidIdentityPoolConfigurationException',
    })
  })
})

describe('session tags from an identity pool OpenID token', () => {
  const pool = {
    IdentityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000',
    DeveloperProviderName: 'login.example.app',
    principalTagMaps: {
      'cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc': {
        UseDefaults: true,
        PrincipalTags: {},
      },
    },
  } as unknown as IdentityPoolConfig
  const carrying = {
    sub: 'us-east-1:11111111-1111-1111-1111-111111111111',
    aud: pool.IdentityPoolId,
    'https://aws.amazon.com/tags': {
      principal_tags: { dept: ['legal', 'ignored'], level: ['3'], count: [3], none: [] },
    },
  }

  it('takes the first string value of each principal tag the token carries', () => {
    expect(
      sessionTags(pool, [
        { provider: 'cognito-identity.amazonaws.com', subject: carrying.sub, claims: carrying },
      ]),
    ).toEqual({ dept: 'legal', level: '3' })
    expect(
      sessionTags(pool, [{ provider: 'login.example.app', subject: 'u-1', claims: carrying }]),
    ).toEqual({ dept: 'legal', level: '3' })
  })

  it('ignores the claim in any other provider’s token, whose map alone decides', () => {
    const userPool = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc'
    expect(
      sessionTags(pool, [
        { provider: userPool, subject: 'u', claims: { ...carrying, sub: 'u', aud: 'client' } },
      ]),
    ).toEqual({ username: 'u', client: 'client' })
  })

  it('lets the first login win a key, and refuses more than 50 tags', () => {
    const userPool = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc'
    const fromToken = {
      provider: 'cognito-identity.amazonaws.com',
      subject: carrying.sub,
      claims: { 'https://aws.amazon.com/tags': { principal_tags: { Username: ['dev'] } } },
    }
    expect(
      sessionTags(pool, [fromToken, { provider: userPool, subject: 'u', claims: { sub: 'u' } }]),
    ).toEqual({ Username: 'dev' })
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, ['v']]))
    expect(() =>
      sessionTags(pool, [
        { ...fromToken, claims: { 'https://aws.amazon.com/tags': { principal_tags: many } } },
      ]),
    ).toThrow(/at most 50/)
  })
})
