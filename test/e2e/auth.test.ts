import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { JwtVerifier } from 'aws-jwt-verify'
import type { Jwks } from 'aws-jwt-verify/jwk'
import { createHmac } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  adminClient,
  createAppClient,
  createPool,
  endpoint,
  outbox,
  publicClient,
} from './support/clients'

const PASSWORD = 'Correct-Horse-9-battery'

async function confirmedUser(
  poolId: string,
  username: string,
  attributes: Array<{ Name: string; Value: string }> = [],
): Promise<void> {
  await adminClient().send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      UserAttributes: attributes,
      MessageAction: 'SUPPRESS',
    }),
  )
  await adminClient().send(
    new AdminSetUserPasswordCommand({
      UserPoolId: poolId,
      Username: username,
      Password: PASSWORD,
      Permanent: true,
    }),
  )
}

const signIn = (clientId: string, username: string, password = PASSWORD) =>
  publicClient().send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  )

describe('sign-in and tokens with the AWS SDK', () => {
  let poolId: string
  let clientId: string

  beforeAll(async () => {
    poolId = await createPool({ Schema: [{ Name: 'team', AttributeDataType: 'String' }] })
    clientId = (await createAppClient(poolId)).clientId
  })

  it('signs in with USER_PASSWORD_AUTH and issues tokens that aws-jwt-verify accepts', async () => {
    await confirmedUser(poolId, 'alice', [
      { Name: 'email', Value: 'alice@example.com' },
      { Name: 'email_verified', Value: 'true' },
      { Name: 'custom:team', Value: 'red' },
    ])
    const { AuthenticationResult: tokens } = await signIn(clientId, 'alice')
    expect(tokens?.TokenType).toBe('Bearer')
    expect(tokens?.ExpiresIn).toBe(3600)
    const issuer = `${endpoint()}/${poolId}`
    const jwksUri = `${issuer}/.well-known/jwks.json`
    const idVerifier = JwtVerifier.create({
      issuer,
      audience: clientId,
      jwksUri,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'id') throw new Error('not an id token')
      },
    })
    // aws-jwt-verify only fetches JWKS over https; load our JWKS over loopback and hand it over.
    const jwks = (await (await fetch(jwksUri)).json()) as Jwks
    idVerifier.cacheJwks(jwks)
    const id = await idVerifier.verify(tokens!.IdToken!)
    expect(id['cognito:username']).toBe('alice')
    expect(id.email_verified).toBe(true)
    expect(id['custom:team']).toBe('red')
    expect(typeof id.origin_jti).toBe('string')
    const accessVerifier = JwtVerifier.create({
      issuer,
      audience: null,
      jwksUri,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'access' || payload.client_id !== clientId)
          throw new Error('bad access token')
      },
    })
    accessVerifier.cacheJwks(jwks)
    const access = await accessVerifier.verify(tokens!.AccessToken!)
    expect(access.scope).toBe('aws.cognito.signin.user.admin')
    expect(access.username).toBe('alice')
    const me = await publicClient().send(new GetUserCommand({ AccessToken: tokens!.AccessToken! }))
    expect(me.Username).toBe('alice')
    expect(me.UserAttributes?.find((a) => a.Name === 'email')?.Value).toBe('alice@example.com')
  })

  it('answers wrong passwords and unknown users as Cognito does for each PreventUserExistenceErrors setting', async () => {
    await confirmedUser(poolId, 'bob')
    await expect(signIn(clientId, 'bob', 'Wrong-password-1')).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    })
    await expect(signIn(clientId, 'nobody')).rejects.toMatchObject({
      name: 'UserNotFoundException',
    })
    const strict = (await createAppClient(poolId, { PreventUserExistenceErrors: 'ENABLED' }))
      .clientId
    const unknown = await signIn(strict, 'nobody').catch((e: Error) => e)
    const wrong = await signIn(strict, 'bob', 'Wrong-password-1').catch((e: Error) => e)
    expect(unknown).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    })
    expect(wrong).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    })
  })

  it('refuses disabled users and flows the client does not allow', async () => {
    await confirmedUser(poolId, 'carol')
    await adminClient().send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'carol' }))
    await expect(signIn(clientId, 'carol')).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'User is disabled.',
    })
    const srpOnly = (
      await createAppClient(poolId, {
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      })
    ).clientId
    await expect(signIn(srpOnly, 'bob')).rejects.toMatchObject({
      name: 'InvalidParameterException',
    })
  })

  it('locks an account out after five failures, before checking the password', async () => {
    // The first lockout lasts one second from the fifth failure. On a machine slow enough that
    // the next request arrives after it, the right password rightly works; the round is then
    // repeated with a new user, and only a success inside the second is a failure of the test.
    for (let round = 0; round < 5; round++) {
      const username = `dave${round}`
      await confirmedUser(poolId, username)
      let fifthSentAt = 0
      for (let i = 0; i < 5; i++) {
        fifthSentAt = Date.now()
        await expect(signIn(clientId, username, 'Wrong-password-1')).rejects.toMatchObject({
          name: 'NotAuthorizedException',
        })
      }
      const outcome = await signIn(clientId, username).then(
        () => 'signed-in' as const,
        (error: Error) => error,
      )
      if (outcome !== 'signed-in') {
        expect(outcome).toMatchObject({
          name: 'NotAuthorizedException',
          message: 'Password attempts exceeded',
        })
        return
      }
      expect(Date.now() - fifthSentAt).toBeGreaterThanOrEqual(1000)
    }
    throw new Error('every round was slower than the one-second lockout')
  })

  it('runs NEW_PASSWORD_REQUIRED for an admin-created user with the invited temporary password', async () => {
    await adminClient().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'erin',
        UserAttributes: [{ Name: 'email', Value: 'erin@example.com' }],
        DesiredDeliveryMediums: ['EMAIL'],
      }),
    )
    const invitation = (await outbox(poolId)).find(
      (m) => m.username === 'erin' && m.purpose === 'ADMIN_CREATE_USER',
    )
    expect(invitation?.code).toBeTruthy()
    const first = await signIn(clientId, 'erin', invitation!.code!)
    expect(first.ChallengeName).toBe('NEW_PASSWORD_REQUIRED')
    expect(first.ChallengeParameters?.USER_ID_FOR_SRP).toBe('erin')
    await expect(
      publicClient().send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: 'x'.repeat(40),
          ChallengeResponses: { USERNAME: 'erin', NEW_PASSWORD: PASSWORD },
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' })
    const done = await publicClient().send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: first.Session,
        ChallengeResponses: { USERNAME: 'erin', NEW_PASSWORD: PASSWORD },
      }),
    )
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy()
    expect((await signIn(clientId, 'erin')).AuthenticationResult).toBeTruthy()
  })

  it('signs in through AdminInitiateAuth and refreshes with REFRESH_TOKEN_AUTH', async () => {
    await confirmedUser(poolId, 'frank')
    const first = await adminClient().send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'frank', PASSWORD },
      }),
    )
    const refreshToken = first.AuthenticationResult!.RefreshToken!
    const refreshed = await publicClient().send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      }),
    )
    expect(refreshed.AuthenticationResult?.AccessToken).toBeTruthy()
    expect(refreshed.AuthenticationResult?.RefreshToken).toBeUndefined()
    await expect(
      publicClient().send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: `${refreshToken}x` },
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' })
  })

  it('rotates refresh tokens when the client asks: one winner among concurrent refreshes, reuse revokes the family', async () => {
    const rotating = (
      await createAppClient(poolId, {
        RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 },
      })
    ).clientId
    await confirmedUser(poolId, 'gina')
    const { AuthenticationResult } = await signIn(rotating, 'gina')
    const original = AuthenticationResult!.RefreshToken!
    const refresh = (token: string) =>
      publicClient().send(
        new InitiateAuthCommand({
          ClientId: rotating,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: token },
        }),
      )
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => refresh(original)))
    const rotated = results.filter(
      (r) => r.status === 'fulfilled' && r.value.AuthenticationResult?.RefreshToken,
    )
    expect(rotated).toHaveLength(1)
    const next = (rotated[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof refresh>>>).value
      .AuthenticationResult!.RefreshToken!
    // The replaced token, replayed after the (zero) grace window, revokes the whole family.
    await new Promise((resolve) => setTimeout(resolve, 20))
    await expect(refresh(original)).rejects.toMatchObject({ name: 'NotAuthorizedException' })
    await expect(refresh(next)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Refresh Token has been revoked',
    })
    await expect(
      publicClient().send(new GetUserCommand({ AccessToken: AuthenticationResult!.AccessToken! })),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' })
  })

  it('revokes tokens on GlobalSignOut, AdminUserGlobalSignOut and RevokeToken', async () => {
    await confirmedUser(poolId, 'hank')
    const a = (await signIn(clientId, 'hank')).AuthenticationResult!
    await publicClient().send(new GlobalSignOutCommand({ AccessToken: a.AccessToken! }))
    await expect(
      publicClient().send(new GetUserCommand({ AccessToken: a.AccessToken! })),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' })
    await expect(
      publicClient().send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: a.RefreshToken! },
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' })
    const b = (await signIn(clientId, 'hank')).AuthenticationResult!
    expect(
      (await publicClient().send(new GetUserCommand({ AccessToken: b.AccessToken! }))).Username,
    ).toBe('hank')
    await adminClient().send(
      new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: 'hank' }),
    )
    await expect(
      publicClient().send(new GetUserCommand({ AccessToken: b.AccessToken! })),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' })
    const c = (await signIn(clientId, 'hank')).AuthenticationResult!
    await publicClient().send(
      new RevokeTokenCommand({ ClientId: clientId, Token: c.RefreshToken! }),
    )
    await expect(
      publicClient().send(new GetUserCommand({ AccessToken: c.AccessToken! })),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' })
  })

  it('refuses tampered, foreign, alg:none and ID tokens on GetUser, and never fails with a 500', async () => {
    await confirmedUser(poolId, 'ivy')
    const t = (await signIn(clientId, 'ivy')).AuthenticationResult!
    const [header, payload] = t.AccessToken!.split('.')
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString())
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, username: 'bob' })).toString('base64url')}.${t.AccessToken!.split('.')[2]}`
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`
    const hs = (() => {
      const h = Buffer.from(
        JSON.stringify({
          alg: 'HS256',
          kid: JSON.parse(Buffer.from(header!, 'base64url').toString()).kid,
        }),
      ).toString('base64url')
      const sig = createHmac('sha256', 'guess').update(`${h}.${payload}`).digest('base64url')
      return `${h}.${payload}.${sig}`
    })()
    for (const token of [forged, none, hs, t.IdToken!, 'not-a-token', 'a.b.c', `${header}.e30.`]) {
      await expect(
        publicClient().send(new GetUserCommand({ AccessToken: token })),
      ).rejects.toMatchObject({ name: 'NotAuthorizedException' })
    }
  })

  it('checks SECRET_HASH for a client with a secret', async () => {
    const { clientId: secretClient, clientSecret } = await createAppClient(poolId, {
      GenerateSecret: true,
    })
    await confirmedUser(poolId, 'jack')
    const hash = createHmac('sha256', clientSecret!).update(`jack${secretClient}`).digest('base64')
    const ok = await publicClient().send(
      new InitiateAuthCommand({
        ClientId: secretClient,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'jack', PASSWORD, SECRET_HASH: hash },
      }),
    )
    expect(ok.AuthenticationResult).toBeTruthy()
    await expect(signIn(secretClient, 'jack')).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    })
    await expect(
      publicClient().send(
        new InitiateAuthCommand({
          ClientId: secretClient,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'jack', PASSWORD, SECRET_HASH: `AAAA${hash.slice(4)}` },
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' })
  })

  it('honours client token validities', async () => {
    const shortLived = (await createAppClient(poolId)).clientId
    await adminClient().send(
      new UpdateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientId: shortLived,
        AccessTokenValidity: 5,
        IdTokenValidity: 5,
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    )
    await confirmedUser(poolId, 'kate')
    const t = (await signIn(shortLived, 'kate')).AuthenticationResult!
    expect(t.ExpiresIn).toBe(300)
    const claims = JSON.parse(Buffer.from(t.IdToken!.split('.')[1]!, 'base64url').toString())
    expect(claims.exp - claims.iat).toBe(300)
  })
})

describe('GetTokensFromRefreshToken', () => {
  it('refreshes with rotation, needs the client secret itself for a confidential client, and revokes on reuse', async () => {
    const poolId = await createPool()
    const { clientId, clientSecret } = await createAppClient(poolId, {
      GenerateSecret: true,
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 },
    })
    await confirmedUser(poolId, 'rita')
    const hash = createHmac('sha256', clientSecret!).update(`rita${clientId}`).digest('base64')
    const first = (
      await publicClient().send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'rita', PASSWORD, SECRET_HASH: hash },
        }),
      )
    ).AuthenticationResult!
    const refresh = (RefreshToken: string, ClientSecret?: string) =>
      publicClient().send(
        new GetTokensFromRefreshTokenCommand({
          ClientId: clientId,
          RefreshToken,
          ...(ClientSecret ? { ClientSecret } : {}),
        }),
      )
    await expect(refresh(first.RefreshToken!)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    })
    await expect(refresh(first.RefreshToken!, 'notTheSecret123')).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    })
    const rotated = (await refresh(first.RefreshToken!, clientSecret)).AuthenticationResult!
    expect(rotated.AccessToken).toBeTruthy()
    expect(rotated.RefreshToken).toBeTruthy()
    expect(rotated.RefreshToken).not.toBe(first.RefreshToken)
    await new Promise((resolve) => setTimeout(resolve, 20))
    await expect(refresh(first.RefreshToken!, clientSecret)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    })
    await expect(refresh(rotated.RefreshToken!, clientSecret)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    })
  })
})
