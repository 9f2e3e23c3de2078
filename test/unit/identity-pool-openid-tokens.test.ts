import {
  CreateIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetOpenIdTokenCommand,
  GetOpenIdTokenForDeveloperIdentityCommand,
  type GetOpenIdTokenForDeveloperIdentityCommandInput,
  SetIdentityPoolRolesCommand,
  UpdateIdentityPoolCommand,
} from '@aws-sdk/client-cognito-identity'
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  jwtVerify,
  type JSONWebKeySet,
} from 'jose'
import { describe, expect, it } from 'vitest'
import { openSessionCredentials } from '../../src/iam/sessions/session-credentials'
import { AUTH, testApp } from './support/app'
import { classicFlowSetup, DEVELOPER, poolTrust, refusal } from './support/classic-flow'

type Setup = Awaited<ReturnType<typeof classicFlowSetup>>
const COGNITO_IDENTITY = 'cognito-identity.amazonaws.com'
const TAGS = 'https://aws.amazon.com/tags'

const developerToken = (
  t: Setup,
  input: Partial<GetOpenIdTokenForDeveloperIdentityCommandInput> & { user?: string },
) => {
  const { user = 'user-1', ...rest } = input
  return t.identity.send(
    new GetOpenIdTokenForDeveloperIdentityCommand({
      IdentityPoolId: t.poolId,
      Logins: { [DEVELOPER]: user },
      ...rest,
    }),
  )
}

/** An identity-pools JSON call with no signature at all. */
const unsigned = (t: Setup, operation: string, body: unknown) =>
  t.app.fetch(`${AUTH}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityService.${operation}`,
    },
    body: JSON.stringify(body),
  })

async function jwks(t: Setup): Promise<JSONWebKeySet> {
  return (await (
    await t.app.fetch(`${AUTH}/identity/.well-known/jwks.json`)
  ).json()) as JSONWebKeySet
}

/** The pool's default authenticated role, trusting its authenticated identities. */
async function withAuthenticatedRole(t: Setup, poolId = t.poolId): Promise<string> {
  const arn = await t.role(`auth-${poolId.slice(-6)}`, poolTrust(poolId, 'authenticated'))
  await t.identity.send(
    new SetIdentityPoolRolesCommand({ IdentityPoolId: poolId, Roles: { authenticated: arn } }),
  )
  return arn
}

describe('the identity pools’ OpenID issuer', () => {
  it('publishes discovery and a JWKS that verify GetOpenIdToken’s tokens', async () => {
    const t = await classicFlowSetup()
    const alice = await t.user('alice')
    const discovery = (await (
      await t.app.fetch(`${AUTH}/identity/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>
    expect(discovery).toMatchObject({
      issuer: `${AUTH}/identity`,
      jwks_uri: `${AUTH}/identity/.well-known/jwks.json`,
      id_token_signing_alg_values_supported: ['ES256'],
    })
    const { payload, protectedHeader } = await jwtVerify(
      alice.token,
      createLocalJWKSet(await jwks(t)),
      {
        issuer: `${AUTH}/identity`,
        audience: t.poolId,
        currentDate: new Date(t.app.now()),
      },
    )
    expect(protectedHeader.alg).toBe('ES256')
    const signIn = `${t.users.provider}:CognitoSignIn:${decodeJwt(alice.logins[t.users.provider]!).sub}`
    expect(payload).toMatchObject({
      sub: alice.identityId,
      amr: ['authenticated', t.users.provider, signIn],
    })
    expect(payload.exp! - payload.iat!).toBe(600)
    expect(payload.iat).toBe(Math.floor(t.app.now() / 1000))
  })

  it('derives its key from the key-encryption key: the same kid on every isolate, nothing stored', async () => {
    const t = await classicFlowSetup()
    const again = testApp()
    const other = testApp({ KEY_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') })
    const keysOf = async (app: ReturnType<typeof testApp>) =>
      (await (await app.fetch(`${AUTH}/identity/.well-known/jwks.json`)).json()) as JSONWebKeySet
    const [first, second, third] = [await jwks(t), await keysOf(again), await keysOf(other)]
    expect(first.keys).toHaveLength(1)
    expect(first.keys[0]).not.toHaveProperty('d')
    expect(second).toEqual(first)
    expect(third.keys[0]!.kid).not.toBe(first.keys[0]!.kid)
    expect(decodeProtectedHeader((await t.user('alice')).token).kid).toBe(first.keys[0]!.kid)
  })
})

describe('GetOpenIdToken (public)', () => {
  it('needs no signature, and verifies the logins as GetCredentialsForIdentity does', async () => {
    const t = await classicFlowSetup()
    const alice = await t.user('alice')
    const answer = await unsigned(t, 'GetOpenIdToken', {
      IdentityId: alice.identityId,
      Logins: alice.logins,
    })
    expect(answer.status).toBe(200)
    expect(((await answer.json()) as { IdentityId: string }).IdentityId).toBe(alice.identityId)
    const [h, p] = alice.token.split('.')
    const refused = await refusal(
      t.identity.send(
        new GetOpenIdTokenCommand({
          IdentityId: alice.identityId,
          Logins: { [t.users.provider]: `${h}.${p}.AAAA` },
        }),
      ),
    )
    expect(refused).toMatchObject({ name: 'NotAuthorizedException', status: 400 })
  })

  it('gives an authenticated identity a token only with one of its logins', async () => {
    const t = await classicFlowSetup()
    const alice = await t.user('alice')
    expect(
      await refusal(t.identity.send(new GetOpenIdTokenCommand({ IdentityId: alice.identityId }))),
    ).toMatchObject({ name: 'NotAuthorizedException' })
    expect(
      await refusal(
        t.identity.send(
          new GetOpenIdTokenCommand({
            IdentityId: 'us-east-1:00000000-0000-0000-0000-000000000000',
          }),
        ),
      ),
    ).toMatchObject({ name: 'ResourceNotFoundException' })
  })

  it('gives guests a token only where the pool allows guests', async () => {
    const t = await classicFlowSetup()
    const guest = await t.guest()
    expect(decodeJwt(guest.token)).toMatchObject({
      sub: guest.identityId,
      amr: ['unauthenticated'],
    })
    const { IdentityPoolId } = await t.identity.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: 'members',
        AllowUnauthenticatedIdentities: true,
      }),
    )
    const { IdentityId } = await t.identity.send(
      new GetIdCommand({ IdentityPoolId: IdentityPoolId! }),
    )
    await t.identity.send(
      new UpdateIdentityPoolCommand({
        IdentityPoolId: IdentityPoolId!,
        IdentityPoolName: 'members',
        AllowUnauthenticatedIdentities: false,
      }),
    )
    expect(
      await refusal(t.identity.send(new GetOpenIdTokenCommand({ IdentityId: IdentityId! }))),
    ).toMatchObject({ name: 'NotAuthorizedException' })
  })
})

describe('GetOpenIdTokenForDeveloperIdentity (signed)', () => {
  it('refuses an unsigned call', async () => {
    const t = await classicFlowSetup()
    const answer = await unsigned(t, 'GetOpenIdTokenForDeveloperIdentity', {
      IdentityPoolId: t.poolId,
      Logins: { [DEVELOPER]: 'user-1' },
    })
    expect(answer.status).toBe(403)
    expect(answer.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException')
  })

  it('makes or finds the identifier’s identity, with a token of TokenDuration (15 minutes unless told)', async () => {
    const t = await classicFlowSetup()
    const first = await developerToken(t, {})
    const again = await developerToken(t, { TokenDuration: 86400 })
    expect(again.IdentityId).toBe(first.IdentityId)
    const claims = decodeJwt(first.Token!)
    expect(claims).toMatchObject({
      iss: `${AUTH}/identity`,
      aud: t.poolId,
      sub: first.IdentityId,
      amr: ['authenticated', DEVELOPER],
    })
    expect(claims.exp! - claims.iat!).toBe(900)
    const longer = decodeJwt(again.Token!)
    expect(longer.exp! - longer.iat!).toBe(86400)
    for (const TokenDuration of [0, 86401])
      expect(await refusal(developerToken(t, { TokenDuration }))).toMatchObject({
        name: 'InvalidParameterException',
      })
  })

  it('puts principal tags in the token as AWS does', async () => {
    const t = await classicFlowSetup()
    const { Token } = await developerToken(t, {
      PrincipalTags: { department: 'sales', level: '3' },
    })
    expect(decodeJwt(Token!)[TAGS]).toEqual({
      principal_tags: { department: ['sales'], level: ['3'] },
    })
    const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']))
    expect(await refusal(developerToken(t, { PrincipalTags: tooMany }))).toMatchObject({
      name: 'InvalidParameterException',
    })
  })

  it('links other verified logins, and refuses what Cognito refuses', async () => {
    const t = await classicFlowSetup()
    const aliceToken = await t.users.signIn('alice')
    const first = await developerToken(t, {
      Logins: { [DEVELOPER]: 'user-1', [t.users.provider]: aliceToken },
    })
    expect(decodeJwt(first.Token!).amr).toEqual([
      'authenticated',
      DEVELOPER,
      t.users.provider,
      `${t.users.provider}:CognitoSignIn:${decodeJwt(aliceToken).sub}`,
    ])
    const other = await developerToken(t, { user: 'user-2' })
    // The signed call vouches for the identity it names: its user is linked even to an identity
    // that signed in with another provider.
    const bob = await t.user('bob')
    const linked = await developerToken(t, { user: 'user-4', IdentityId: bob.identityId })
    expect(linked.IdentityId).toBe(bob.identityId)
    expect(decodeJwt(linked.Token!).sub).toBe(bob.identityId)
    expect(
      await refusal(developerToken(t, { user: 'user-1', IdentityId: other.IdentityId })),
    ).toMatchObject({ name: 'DeveloperUserAlreadyRegisteredException' })
    expect(await refusal(developerToken(t, { Logins: { 'login.other': 'user-1' } }))).toMatchObject(
      { name: 'InvalidParameterException' },
    )
    expect(
      await refusal(
        developerToken(t, { Logins: { [DEVELOPER]: 'user-1', [COGNITO_IDENTITY]: first.Token! } }),
      ),
    ).toMatchObject({ name: 'InvalidParameterException' })
    expect(
      await refusal(
        developerToken(t, { Logins: { [DEVELOPER]: 'user-3', [t.users.provider]: 'not-a-token' } }),
      ),
    ).toMatchObject({ name: 'NotAuthorizedException' })
  })
})

describe('the developer enhanced flow: GetCredentialsForIdentity with the pool’s own token', () => {
  it('vends the authenticated role’s credentials for a developer token', async () => {
    const t = await classicFlowSetup()
    const roleArn = await withAuthenticatedRole(t)
    const { IdentityId, Token } = await developerToken(t, {
      PrincipalTags: { department: 'sales' },
    })
    const answer = await t.identity.send(
      new GetCredentialsForIdentityCommand({
        IdentityId: IdentityId!,
        Logins: { [COGNITO_IDENTITY]: Token! },
      }),
    )
    expect(answer.IdentityId).toBe(IdentityId)
    const opened = await openSessionCredentials(
      t.app.runtime.services.sealer,
      answer.Credentials!.AccessKeyId!,
      answer.Credentials!.SessionToken!,
      Math.floor(t.app.now() / 1000),
    )
    expect(opened).toMatchObject({
      claims: { roleArn, identityId: IdentityId, amr: ['authenticated', DEVELOPER] },
    })
    // A token never mints its successor: that would outlive the developer's say-so.
    const renewed = await refusal(
      t.identity.send(
        new GetOpenIdTokenCommand({
          IdentityId: IdentityId!,
          Logins: { [COGNITO_IDENTITY]: Token! },
        }),
      ),
    )
    expect(renewed).toMatchObject({ name: 'NotAuthorizedException' })
    // GetId knows the identity by the token too, and links nothing new for it.
    const found = await t.identity.send(
      new GetIdCommand({ IdentityPoolId: t.poolId, Logins: { [COGNITO_IDENTITY]: Token! } }),
    )
    expect(found.IdentityId).toBe(IdentityId)
  })

  it('works in a pool without guests: the token proves an authenticated identity', async () => {
    const t = await classicFlowSetup()
    const { IdentityPoolId } = await t.identity.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: 'members',
        AllowUnauthenticatedIdentities: false,
        DeveloperProviderName: DEVELOPER,
      }),
    )
    await withAuthenticatedRole(t, IdentityPoolId!)
    const { IdentityId, Token } = await developerToken(t, { IdentityPoolId: IdentityPoolId! })
    const answer = await t.identity.send(
      new GetCredentialsForIdentityCommand({
        IdentityId: IdentityId!,
        Logins: { [COGNITO_IDENTITY]: Token! },
      }),
    )
    expect(answer.Credentials?.AccessKeyId).toMatch(/^ASIA/)
  })

  it('refuses a token that is expired, tampered, another identity’s, another pool’s or a guest’s', async () => {
    const t = await classicFlowSetup()
    await withAuthenticatedRole(t)
    const credentials = (identityId: string, token: string) =>
      refusal(
        t.identity.send(
          new GetCredentialsForIdentityCommand({
            IdentityId: identityId,
            Logins: { [COGNITO_IDENTITY]: token },
          }),
        ),
      )
    const one = await developerToken(t, { user: 'user-1' })
    const two = await developerToken(t, { user: 'user-2' })
    const otherPool = await t.newPool('other', true)
    const outsider = await developerToken(t, { IdentityPoolId: otherPool, user: 'user-1' })
    const guest = await t.guest()
    const [h, , s] = one.Token!.split('.')
    const tampered = [
      h,
      Buffer.from(JSON.stringify({ ...decodeJwt(one.Token!), exp: 4e9 })).toString('base64url'),
      s,
    ].join('.')
    const cases: [string, string, RegExp][] = [
      [two.IdentityId!, one.Token!, /Logins don't match/],
      [one.IdentityId!, outsider.Token!, /Incorrect token audience/],
      [guest.identityId, guest.token, /not from an authenticated identity/],
      [one.IdentityId!, tampered, /Couldn't verify signed token/],
    ]
    for (const [identityId, token, message] of cases) {
      const refused = await credentials(identityId, token)
      expect(refused.name).toBe('NotAuthorizedException')
      expect(refused.message).toMatch(message)
    }
    t.app.advance(901_000)
    expect((await credentials(one.IdentityId!, one.Token!)).message).toMatch(/Token expired/)
  })
})
