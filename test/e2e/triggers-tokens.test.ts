import { createHash, randomBytes } from 'node:crypto'
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  UserLambdaValidationException,
} from '@aws-sdk/client-cognito-identity-provider'
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js'
import { JwtVerifier } from 'aws-jwt-verify'
import type { Jwks } from 'aws-jwt-verify/jwk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CookieJar, hostedLoginUrl, postLoginForm } from '../support/cookie-jar'
import { adminClient, publicClient } from './support/clients'
import { functionArn, startWorkerWithTriggers } from './support/trigger-functions'
import type { RunningWorker } from './support/worker'

const PASSWORD = 'Token-Trigger-Pass-42'
const REDIRECT = 'https://rp.example/cb'

/**
 * PreAuthentication, PostAuthentication and PreTokenGeneration reached over a service binding
 * (test/e2e/fixtures/triggers/functions/token-triggers.ts), seen through real clients: the AWS
 * SDK, amazon-cognito-identity-js (SRP), the hosted UI's form and token endpoint over HTTP, and
 * aws-jwt-verify checking the customized tokens against the Worker's JWKS.
 */
describe('token triggers in a bound Worker', () => {
  let worker: RunningWorker
  let admin: CognitoIdentityProviderClient
  let unsigned: CognitoIdentityProviderClient
  let poolId: string
  let appId: string
  let rpId: string
  let m2mPoolId: string
  let m2m: { id: string; secret: string }

  beforeAll(async () => {
    worker = await startWorkerWithTriggers()
    admin = adminClient(worker)
    unsigned = publicClient(worker)
    const pool = await admin.send(
      new CreateUserPoolCommand({
        PoolName: 'token-triggers',
        LambdaConfig: {
          PreAuthentication: functionArn('preAuthentication'),
          PostAuthentication: functionArn('postAuthentication'),
          PreTokenGenerationConfig: {
            LambdaArn: functionArn('preTokenGeneration'),
            LambdaVersion: 'V2_0',
          },
        },
      }),
    )
    poolId = pool.UserPool!.Id!
    appId = (
      await admin.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'app',
          ExplicitAuthFlows: [
            'ALLOW_USER_PASSWORD_AUTH',
            'ALLOW_USER_SRP_AUTH',
            'ALLOW_ADMIN_USER_PASSWORD_AUTH',
            'ALLOW_REFRESH_TOKEN_AUTH',
          ],
        }),
      )
    ).UserPoolClient!.ClientId!
    rpId = (
      await admin.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'rp',
          AllowedOAuthFlows: ['code'],
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthScopes: ['openid', 'email'],
          CallbackURLs: [REDIRECT],
          SupportedIdentityProviders: ['COGNITO'],
          ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
        }),
      )
    ).UserPoolClient!.ClientId!
    for (const Username of ['ana', 'blocked-bo', 'review-cy']) {
      await admin.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username,
          MessageAction: 'SUPPRESS',
          UserAttributes: [{ Name: 'email', Value: `${Username}@example.com` }],
        }),
      )
      await admin.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: poolId,
          Username,
          Password: PASSWORD,
          Permanent: true,
        }),
      )
    }

    const machinePool = await admin.send(
      new CreateUserPoolCommand({
        PoolName: 'm2m-triggers',
        LambdaConfig: {
          PreTokenGenerationConfig: {
            LambdaArn: functionArn('preTokenGeneration'),
            LambdaVersion: 'V3_0',
          },
        },
      }),
    )
    m2mPoolId = machinePool.UserPool!.Id!
    await admin.send(
      new CreateResourceServerCommand({
        UserPoolId: m2mPoolId,
        Identifier: 'photos',
        Name: 'photos',
        Scopes: [
          { ScopeName: 'read', ScopeDescription: 'read' },
          { ScopeName: 'write', ScopeDescription: 'write' },
        ],
      }),
    )
    const machine = await admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: m2mPoolId,
        ClientName: 'machine',
        GenerateSecret: true,
        AllowedOAuthFlows: ['client_credentials'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['photos/read'],
      }),
    )
    m2m = {
      id: machine.UserPoolClient!.ClientId!,
      secret: machine.UserPoolClient!.ClientSecret!,
    }
  })
  afterAll(() => worker?.stop())

  /** aws-jwt-verify for one pool and token use; it fetches JWKS only over https, so ours is handed over. */
  async function verifier(pool: string, tokenUse: 'id' | 'access', audience: string | null) {
    const issuer = `${worker.endpoint}/${pool}`
    const jwksUri = `${issuer}/.well-known/jwks.json`
    const verify = JwtVerifier.create({
      issuer,
      audience,
      jwksUri,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== tokenUse) throw new Error(`not an ${tokenUse} token`)
      },
    })
    verify.cacheJwks((await (await fetch(jwksUri)).json()) as Jwks)
    return verify
  }

  it('V2_0 claims and scopes are in the SDK sign-in’s tokens, and again after a refresh', async () => {
    const signedIn = await unsigned.send(
      new InitiateAuthCommand({
        ClientId: appId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'ana', PASSWORD },
      }),
    )
    const tokens = signedIn.AuthenticationResult!
    const id = await (await verifier(poolId, 'id', appId)).verify(tokens.IdToken!)
    expect(id).toMatchObject({
      seen_source: 'TokenGeneration_Authentication',
      seen_scopes: 'aws.cognito.signin.user.admin',
      seen_version: '2',
      'cognito:username': 'ana',
    })
    expect(id).not.toHaveProperty('email')
    const access = await (await verifier(poolId, 'access', null)).verify(tokens.AccessToken!)
    expect(access).toMatchObject({
      seen_source: 'TokenGeneration_Authentication',
      tenant: 't-42',
      scope: 'photos/read',
      client_id: appId,
    })
    const refreshed = await unsigned.send(
      new InitiateAuthCommand({
        ClientId: appId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! },
      }),
    )
    const again = await (await verifier(poolId, 'access', null)).verify(
      refreshed.AuthenticationResult!.AccessToken!,
    )
    expect(again).toMatchObject({
      seen_source: 'TokenGeneration_RefreshTokens',
      scope: 'photos/read',
    })
  })

  it('V2_0 claims and scopes are in the tokens of the hosted UI and the token endpoint', async () => {
    const jar = new CookieJar(fetch)
    const verifierCode = randomBytes(32).toString('base64url')
    const login = (
      await hostedLoginUrl(jar, worker.endpoint, {
        client_id: rpId,
        response_type: 'code',
        redirect_uri: REDIRECT,
        scope: 'openid email',
        code_challenge: createHash('sha256').update(verifierCode).digest('base64url'),
        code_challenge_method: 'S256',
      })
    ).toString()
    const signedIn = await postLoginForm(jar, login, 'ana', PASSWORD)
    expect(signedIn.status).toBe(303)
    const code = new URL(signedIn.headers.get('location')!).searchParams.get('code')!
    const token = (fields: Record<string, string>) =>
      fetch(`${worker.endpoint}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: rpId, ...fields }).toString(),
      })
    const exchanged = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifierCode,
    })
    expect(exchanged.status).toBe(200)
    const tokens = (await exchanged.json()) as {
      id_token: string
      access_token: string
      refresh_token: string
    }
    const id = await (await verifier(poolId, 'id', rpId)).verify(tokens.id_token)
    expect(id).toMatchObject({
      seen_source: 'TokenGeneration_HostedAuth',
      seen_scopes: 'openid email',
    })
    const access = await (await verifier(poolId, 'access', null)).verify(tokens.access_token)
    expect(access).toMatchObject({
      seen_source: 'TokenGeneration_HostedAuth',
      scope: 'openid email photos/read',
    })
    const refreshed = await token({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    })
    const renewed = (await refreshed.json()) as { access_token: string }
    expect(
      await (await verifier(poolId, 'access', null)).verify(renewed.access_token),
    ).toMatchObject({ seen_source: 'TokenGeneration_RefreshTokens' })
  })

  it('V3_0 customizes the client_credentials access token', async () => {
    const issued = await fetch(`${worker.endpoint}/oauth2/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${m2m.id}:${m2m.secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'photos/read' }),
    })
    expect(issued.status).toBe(200)
    const { access_token } = (await issued.json()) as { access_token: string }
    const access = await (await verifier(m2mPoolId, 'access', null)).verify(access_token)
    expect(access).toMatchObject({
      sub: m2m.id,
      partner: 'acme',
      seen_source: 'TokenGeneration_ClientCredentials',
      scope: 'photos/read photos/write',
    })
  })

  it("PreAuthentication's refusal reaches the SDK and amazon-cognito-identity-js (SRP)", async () => {
    const refused = await unsigned
      .send(
        new InitiateAuthCommand({
          ClientId: appId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'ana', PASSWORD },
          ClientMetadata: { gate: 'closed' },
        }),
      )
      .catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(UserLambdaValidationException)
    expect((refused as Error).message).toBe(
      'PreAuthentication failed with error The gate is closed.',
    )

    const userPool = new CognitoUserPool({
      UserPoolId: poolId,
      ClientId: appId,
      endpoint: worker.endpoint,
    })
    const user = new CognitoUser({ Username: 'blocked-bo', Pool: userPool })
    const failure = await new Promise<{ code: string; message: string }>((resolve) =>
      user.authenticateUser(
        new AuthenticationDetails({ Username: 'blocked-bo', Password: PASSWORD }),
        {
          onSuccess: () => resolve({ code: 'none', message: 'signed in' }),
          onFailure: resolve,
        },
      ),
    )
    expect(failure).toMatchObject({
      code: 'UserLambdaValidationException',
      message: 'PreAuthentication failed with error blocked-bo may not sign in here.',
    })
  })

  it("PostAuthentication's refusal reaches amazon-cognito-identity-js (SRP) and the admin SDK", async () => {
    const userPool = new CognitoUserPool({
      UserPoolId: poolId,
      ClientId: appId,
      endpoint: worker.endpoint,
    })
    const user = new CognitoUser({ Username: 'review-cy', Pool: userPool })
    const failure = await new Promise<{ code: string; message: string }>((resolve) =>
      user.authenticateUser(
        new AuthenticationDetails({ Username: 'review-cy', Password: PASSWORD }),
        {
          onSuccess: () => resolve({ code: 'none', message: 'signed in' }),
          onFailure: resolve,
        },
      ),
    )
    expect(failure).toMatchObject({
      code: 'UserLambdaValidationException',
      message: 'PostAuthentication failed with error review-cy is under review.',
    })
    const refused = await admin
      .send(
        new AdminInitiateAuthCommand({
          UserPoolId: poolId,
          ClientId: appId,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'review-cy', PASSWORD },
        }),
      )
      .catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(UserLambdaValidationException)
    // A user the function lets through signs in with SRP, and the tokens carry the customization.
    const ana = new CognitoUser({ Username: 'ana', Pool: userPool })
    const session = await new Promise<CognitoUserSession>((resolve, reject) =>
      ana.authenticateUser(new AuthenticationDetails({ Username: 'ana', Password: PASSWORD }), {
        onSuccess: resolve,
        onFailure: reject,
      }),
    )
    expect(session.getIdToken().decodePayload().seen_source).toBe('TokenGeneration_Authentication')
  })
})
