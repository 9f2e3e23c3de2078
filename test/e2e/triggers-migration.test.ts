import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  NotAuthorizedException,
  UserLambdaValidationException,
} from '@aws-sdk/client-cognito-identity-provider'
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminClient, publicClient } from './support/clients'
import { functionArn, startWorkerWithTriggers } from './support/trigger-functions'
import type { RunningWorker } from './support/worker'

/** The legacy system's users: a name, a password it checks, and the profile it hands over. */
const DIRECTORY: Record<string, { password: string; email: string; name: string }> = {
  'legacy-ana': { password: 'Old-System-Pass-1', email: 'ana@legacy.example', name: 'Ana' },
  'legacy-bo': { password: 'Old-System-Pass-2', email: 'bo@legacy.example', name: 'Bo' },
  'legacy-cy': { password: 'Old-System-Pass-3', email: 'cy@legacy.example', name: 'Cy' },
}

/**
 * A legacy user directory over HTTP, started by the test: POST /check verifies a password,
 * GET /users/{name} looks a user up. It records the requests it was sent.
 */
async function startLegacyDirectory(): Promise<{
  url: string
  requests: string[]
  server: Server
}> {
  const requests: string[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const path = request.url ?? '/'
      requests.push(`${request.method} ${path}`)
      const answer = (status: number, body?: object) => {
        response.writeHead(status, { 'content-type': 'application/json' })
        response.end(body ? JSON.stringify(body) : '')
      }
      if (request.method === 'POST' && path === '/check') {
        const { username, password } = JSON.parse(Buffer.concat(chunks).toString()) as {
          username: string
          password: string
        }
        const user = DIRECTORY[username]
        if (!user || user.password !== password) return answer(401)
        return answer(200, { email: user.email, name: user.name })
      }
      const lookup = /^\/users\/([^/]+)$/.exec(path)
      if (request.method === 'GET' && lookup) {
        const user = DIRECTORY[decodeURIComponent(lookup[1]!)]
        return user ? answer(200, { email: user.email, name: user.name }) : answer(404)
      }
      answer(404)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, requests, server }
}

/**
 * Users migrated from a legacy HTTP directory by the UserMigration trigger of a bound Worker,
 * with the AWS SDK and amazon-cognito-identity-js: on first sign-in and on forgot-password, then
 * signing in with the legacy system gone.
 */
describe('UserMigration from a legacy directory, with the AWS SDK and amazon-cognito-identity-js', () => {
  let worker: RunningWorker
  let legacy: Awaited<ReturnType<typeof startLegacyDirectory>>
  let admin: CognitoIdentityProviderClient
  let user: CognitoIdentityProviderClient
  let poolId: string
  let clientId: string
  let jsPool: CognitoUserPool

  beforeAll(async () => {
    ;[worker, legacy] = await Promise.all([startWorkerWithTriggers(), startLegacyDirectory()])
    admin = adminClient(worker)
    user = publicClient(worker)
    const pool = await admin.send(
      new CreateUserPoolCommand({
        PoolName: 'migration',
        LambdaConfig: { UserMigration: functionArn('userMigration') },
      }),
    )
    poolId = pool.UserPool!.Id!
    const client = await admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'app',
        ExplicitAuthFlows: [
          'ALLOW_USER_PASSWORD_AUTH',
          'ALLOW_USER_SRP_AUTH',
          'ALLOW_REFRESH_TOKEN_AUTH',
        ],
        PreventUserExistenceErrors: 'ENABLED',
      }),
    )
    clientId = client.UserPoolClient!.ClientId!
    jsPool = new CognitoUserPool({
      UserPoolId: poolId,
      ClientId: clientId,
      endpoint: worker.endpoint,
    })
  })
  afterAll(async () => {
    legacy?.server.close()
    await worker?.stop()
  })

  const passwordSignIn = (USERNAME: string, PASSWORD: string, withLegacy = true) =>
    user.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME, PASSWORD },
        ...(withLegacy ? { ClientMetadata: { legacyUrl: legacy.url } } : {}),
      }),
    )

  /** amazon-cognito-identity-js's authenticateUser: USER_PASSWORD_AUTH or its default, SRP. */
  const jsSignIn = (
    Username: string,
    Password: string,
    flow: 'USER_PASSWORD_AUTH' | 'USER_SRP_AUTH',
    ClientMetadata?: Record<string, string>,
  ) => {
    const cognitoUser = new CognitoUser({ Username, Pool: jsPool })
    cognitoUser.setAuthenticationFlowType(flow)
    return new Promise<CognitoUserSession>((resolve, reject) =>
      cognitoUser.authenticateUser(
        new AuthenticationDetails({
          Username,
          Password,
          ...(ClientMetadata ? { ClientMetadata } : {}),
        }),
        { onSuccess: resolve, onFailure: reject },
      ),
    )
  }

  const stored = (Username: string) =>
    admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username }))

  it('migrates a user on first sign-in (AWS SDK, USER_PASSWORD_AUTH with ClientMetadata)', async () => {
    const signedIn = await passwordSignIn('legacy-ana', DIRECTORY['legacy-ana']!.password)
    expect(signedIn.AuthenticationResult?.AccessToken).toBeTruthy()
    expect(legacy.requests).toEqual(['POST /check'])
    const ana = await stored('legacy-ana')
    expect(ana.UserStatus).toBe('CONFIRMED')
    expect(ana.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'email', Value: 'ana@legacy.example' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: 'Ana' },
      ]),
    )
  })

  it('answers a wrong legacy password and an unknown name alike, and migrates nobody', async () => {
    const wrong = await passwordSignIn('legacy-bo', 'Not-The-Pass-1').catch((e: unknown) => e)
    const unknown = await passwordSignIn('nobody-here', 'Not-The-Pass-1').catch((e: unknown) => e)
    for (const refused of [wrong, unknown]) {
      expect(refused).toBeInstanceOf(NotAuthorizedException)
      expect((refused as Error).message).toBe('Incorrect username or password.')
    }
    await expect(stored('legacy-bo')).rejects.toThrow()
  })

  it('migrates a user on first sign-in with amazon-cognito-identity-js passing ClientMetadata', async () => {
    const session = await jsSignIn(
      'legacy-bo',
      DIRECTORY['legacy-bo']!.password,
      'USER_PASSWORD_AUTH',
      { legacyUrl: legacy.url },
    )
    expect(session.getIdToken().decodePayload()).toMatchObject({
      'cognito:username': 'legacy-bo',
      email: 'bo@legacy.example',
      name: 'Bo',
    })
  })

  it('migrates a user on ForgotPassword (AWS SDK with ClientMetadata), who then sets a password', async () => {
    const sent = await user.send(
      new ForgotPasswordCommand({
        ClientId: clientId,
        Username: 'legacy-cy',
        ClientMetadata: { legacyUrl: legacy.url },
      }),
    )
    expect(sent.CodeDeliveryDetails).toMatchObject({
      AttributeName: 'email',
      DeliveryMedium: 'EMAIL',
    })
    expect(legacy.requests).toContain('GET /users/legacy-cy')
    expect((await stored('legacy-cy')).UserStatus).toBe('RESET_REQUIRED')
    const outbox = (await (await fetch(`${worker.endpoint}/_dev/outbox/${poolId}`)).json()) as {
      messages: Array<{ username: string; purpose: string; code?: string }>
    }
    const code = outbox.messages.findLast(
      (m) => m.username === 'legacy-cy' && m.purpose === 'FORGOT_PASSWORD',
    )!.code!
    await user.send(
      new ConfirmForgotPasswordCommand({
        ClientId: clientId,
        Username: 'legacy-cy',
        ConfirmationCode: code,
        Password: 'New-Portcullis-Pass-3',
      }),
    )
    expect((await stored('legacy-cy')).UserStatus).toBe('CONFIRMED')
  })

  it('signs the migrated users in again once the legacy system is gone, SRP included', async () => {
    await new Promise<void>((resolve, reject) =>
      legacy.server.close((error) => (error ? reject(error) : resolve())),
    )
    const before = legacy.requests.length
    const ana = await passwordSignIn('legacy-ana', DIRECTORY['legacy-ana']!.password, false)
    expect(ana.AuthenticationResult?.AccessToken).toBeTruthy()
    // The migrated password has an SRP verifier like any other.
    const bo = await jsSignIn('legacy-bo', DIRECTORY['legacy-bo']!.password, 'USER_SRP_AUTH')
    expect(bo.isValid()).toBe(true)
    const cy = await passwordSignIn('legacy-cy', 'New-Portcullis-Pass-3', false)
    expect(cy.AuthenticationResult?.AccessToken).toBeTruthy()
    expect(legacy.requests.length).toBe(before)
    // A name still to migrate now fails in the function, whose message the client sees.
    const failed = await passwordSignIn('legacy-dee', 'Any-Pass-4').catch((e: unknown) => e)
    expect(failed).toBeInstanceOf(UserLambdaValidationException)
    expect((failed as Error).message).toMatch(/^UserMigration failed with error /)
  })
})
