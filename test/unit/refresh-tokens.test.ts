import { beforeEach, describe, expect, it } from 'vitest'
import { testApp, type TestApp } from './support/app'

const PASSWORD = 'Refresh-Unit-42!'

/** A pool with one user and a client, through the admin API of the in-process Worker. */
async function poolWithUser(app: TestApp, client: Record<string, unknown> = {}) {
  const pool = (await app.admin('CreateUserPool', { PoolName: 'refresh' })) as {
    UserPool: { Id: string }
  }
  const poolId = pool.UserPool.Id
  const created = (await app.admin('CreateUserPoolClient', {
    UserPoolId: poolId,
    ClientName: 'app',
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    ...client,
  })) as { UserPoolClient: { ClientId: string } }
  await app.admin('AdminCreateUser', {
    UserPoolId: poolId,
    Username: 'rita',
    MessageAction: 'SUPPRESS',
  })
  await app.admin('AdminSetUserPassword', {
    UserPoolId: poolId,
    Username: 'rita',
    Password: PASSWORD,
    Permanent: true,
  })
  return { poolId, clientId: created.UserPoolClient.ClientId }
}

interface AuthResult {
  AuthenticationResult?: { AccessToken: string; RefreshToken?: string }
  __type?: string
  message?: string
}

async function signIn(app: TestApp, clientId: string): Promise<string> {
  const response = await app.call('InitiateAuth', {
    ClientId: clientId,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: 'rita', PASSWORD },
  })
  const body = (await response.json()) as AuthResult
  return body.AuthenticationResult!.RefreshToken!
}

async function refresh(app: TestApp, clientId: string, token: string): Promise<AuthResult> {
  const response = await app.call('InitiateAuth', {
    ClientId: clientId,
    AuthFlow: 'REFRESH_TOKEN_AUTH',
    AuthParameters: { REFRESH_TOKEN: token },
  })
  return (await response.json()) as AuthResult
}

describe.each(['1', '3'])(
  'refresh-token families (JSON API, in process, injected clock), %s directory partition(s)',
  (partitions) => {
    let app: TestApp

    beforeEach(() => {
      app = testApp({ DIRECTORY_PARTITIONS: partitions })
    })

    it('keeps a token valid until it expires when the client does not rotate (Cognito’s default)', async () => {
      const { clientId } = await poolWithUser(app, {
        RefreshTokenValidity: 1,
        TokenValidityUnits: { RefreshToken: 'days' },
      })
      const token = await signIn(app, clientId)
      for (let i = 0; i < 3; i++) {
        const result = await refresh(app, clientId, token)
        expect(result.AuthenticationResult?.AccessToken).toBeTruthy()
        expect(result.AuthenticationResult?.RefreshToken).toBeUndefined()
      }
      app.advance(24 * 3600 * 1000 + 1)
      expect((await refresh(app, clientId, token)).__type).toBe('NotAuthorizedException')
    })

    it('rotates at every use; the replaced token works only inside the grace window', async () => {
      const { clientId } = await poolWithUser(app, {
        RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 10 },
      })
      const first = await signIn(app, clientId)
      const rotated = await refresh(app, clientId, first)
      const second = rotated.AuthenticationResult!.RefreshToken!
      expect(second).toBeTruthy()
      expect(second).not.toBe(first)
      app.advance(9_000)
      const retry = await refresh(app, clientId, first)
      expect(retry.AuthenticationResult?.AccessToken).toBeTruthy()
      // A retry inside the window gets tokens but no new refresh token: the family rotated once.
      expect(retry.AuthenticationResult?.RefreshToken).toBeUndefined()
      app.advance(1_001)
      const late = await refresh(app, clientId, first)
      expect(late).toMatchObject({
        __type: 'NotAuthorizedException',
        message: 'Refresh Token has been revoked',
      })
      // Reuse detection revokes the whole family: the current token is dead too.
      expect((await refresh(app, clientId, second)).__type).toBe('NotAuthorizedException')
    })

    it('revokes the family when a token rotated out generations ago comes back', async () => {
      const { clientId } = await poolWithUser(app, {
        RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 },
      })
      const tokens = [await signIn(app, clientId)]
      for (let i = 0; i < 4; i++) {
        app.advance(1)
        tokens.push(
          (await refresh(app, clientId, tokens.at(-1)!)).AuthenticationResult!.RefreshToken!,
        )
      }
      expect((await refresh(app, clientId, tokens[1]!)).message).toBe(
        'Refresh Token has been revoked',
      )
      expect((await refresh(app, clientId, tokens.at(-1)!)).__type).toBe('NotAuthorizedException')
    })

    it('lets exactly one of several concurrent refreshes rotate', async () => {
      const { clientId } = await poolWithUser(app, {
        RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 5 },
      })
      const token = await signIn(app, clientId)
      const results = await Promise.all(
        Array.from({ length: 6 }, () => refresh(app, clientId, token)),
      )
      expect(results.every((r) => r.AuthenticationResult?.AccessToken)).toBe(true)
      expect(results.filter((r) => r.AuthenticationResult?.RefreshToken).length).toBe(1)
    })

    it('refuses a refresh after a global sign-out, and a token from another client', async () => {
      const { poolId, clientId } = await poolWithUser(app)
      const other = (await app.admin('CreateUserPoolClient', {
        UserPoolId: poolId,
        ClientName: 'other',
        ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      })) as { UserPoolClient: { ClientId: string } }
      const token = await signIn(app, clientId)
      expect((await refresh(app, other.UserPoolClient.ClientId, token)).__type).toBe(
        'NotAuthorizedException',
      )
      app.advance(1)
      await app.admin('AdminUserGlobalSignOut', { UserPoolId: poolId, Username: 'rita' })
      expect((await refresh(app, clientId, token)).message).toBe('Refresh Token has been revoked')
    })
  },
)
