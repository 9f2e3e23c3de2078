import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  adminClient,
  createAppClient,
  createPool,
  endpoint,
  publicClient,
} from '../support/clients'
import { freePort, startWorker, type RunningWorker } from '../support/worker'

const PASSWORD = 'Smuggle-Pass-42'

/** How CGI, WSGI, PHP and Rack name a header: upper case, `-` as `_`. */
const asCgi = (name: string) => name.toUpperCase().replaceAll('-', '_')

/**
 * Headers the gateway sets for the origin (identity, groups, mapped claims) can be forged by a
 * client with `_` for `-`: WSGI, CGI, PHP and Rack read `X_Amzn_Oidc_Identity` as the real
 * `x-amzn-oidc-identity` (the class of oauth2-proxy CVE-2025-64484). Nothing that folds to one of
 * those names may reach the origin, except what the gateway itself set.
 */
describe('security review 02: identity headers cannot be smuggled with underscores', () => {
  let origin: Server
  let gateway: RunningWorker
  let clientId: string
  let received: string[] = []

  beforeAll(async () => {
    const port = await freePort()
    origin = createServer((request, response) => {
      // Raw names as they came over the wire: a WSGI server would see each folded as asCgi does.
      received = request.rawHeaders.filter((_, i) => i % 2 === 0)
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(
          JSON.stringify(
            Object.fromEntries(
              request.rawHeaders.flatMap((value, i, all) =>
                i % 2 === 0 ? [[asCgi(value), all[i + 1]]] : [],
              ),
            ),
          ),
        )
    })
    await new Promise<void>((resolve) => origin.listen(port, '127.0.0.1', resolve))
    const poolId = await createPool()
    clientId = (await createAppClient(poolId)).clientId
    await adminClient().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'mallory',
        MessageAction: 'SUPPRESS',
      }),
    )
    await adminClient().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'mallory',
        Password: PASSWORD,
        Permanent: true,
      }),
    )
    const originUrl = `http://127.0.0.1:${port}`
    gateway = await startWorker({
      vars: {
        GATEWAY_CONFIG: JSON.stringify({
          providers: { pool: { issuer: `${endpoint()}/${poolId}`, clientIds: [clientId] } },
          routes: [
            {
              path: '/public/*',
              origin: originUrl,
              unauthenticated: 'allow',
              headers: { username: 'X-User' },
            },
            {
              path: '/api/*',
              origin: originUrl,
              provider: 'pool',
              unauthenticated: 'deny',
              headers: { username: 'x-user', email: 'x-user-email' },
            },
          ],
        }),
      },
    })
  })

  afterAll(async () => {
    await gateway?.stop()
    await new Promise((resolve) => origin?.close(resolve))
  })

  const forged = {
    x_amzn_oidc_identity: 'root',
    X_Amzn_Oidc_Data: 'forged',
    'x-amzn-oidc_accesstoken': 'forged',
    x_portcullis_groups: 'admins',
    X_PORTCULLIS_ANYTHING: 'forged',
    // What an aws_iam route tells its origin: stripped on every route, as the others are.
    x_portcullis_identity_id: 'us-east-1:forged',
    'x-amzn-request-context': '{"identity":{"cognitoIdentityId":"forged"}}',
    X_Amzn_Request_Context: '{"identity":{"cognitoIdentityId":"forged"}}',
    x_user: 'root',
    X_User_Email: 'root@example.com',
    'X-User_Email': 'root@example.com',
  }

  it('strips every look-alike of an identity or mapped header on an open route', async () => {
    const response = await fetch(`${gateway.appEndpoint}/public/page`, { headers: forged })
    expect(response.status).toBe(200)
    const seen = (await response.json()) as Record<string, string>
    for (const name of [
      'X_AMZN_OIDC_IDENTITY',
      'X_AMZN_OIDC_DATA',
      'X_AMZN_OIDC_ACCESSTOKEN',
      'X_PORTCULLIS_GROUPS',
      'X_PORTCULLIS_ANYTHING',
      'X_PORTCULLIS_IDENTITY_ID',
      'X_AMZN_REQUEST_CONTEXT',
      'X_USER',
      'X_USER_EMAIL',
    ])
      expect(seen[name], name).toBeUndefined()
    expect(
      received.every(
        (name) => !/^x[-_](amzn[-_]oidc|amzn[-_]request[-_]context|portcullis|user)/i.test(name),
      ),
    ).toBe(true)
  })

  it('lets only the gateway’s own identity through on a protected route', async () => {
    const { AccessToken } = (
      await publicClient().send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'mallory', PASSWORD },
        }),
      )
    ).AuthenticationResult!
    const response = await fetch(`${gateway.appEndpoint}/api/me`, {
      headers: { ...forged, authorization: `Bearer ${AccessToken}` },
    })
    expect(response.status).toBe(200)
    const seen = (await response.json()) as Record<string, string>
    expect(seen.X_USER).toBe('mallory')
    expect(seen.X_AMZN_OIDC_IDENTITY).not.toBe('root')
    expect(seen.X_PORTCULLIS_GROUPS ?? '').not.toContain('admins')
    expect(seen.X_USER_EMAIL).toBeUndefined()
    // Each name appears once, as the gateway wrote it: no second, forged spelling beside it.
    const folded = received.map(asCgi)
    expect(new Set(folded).size).toBe(folded.length)
  })
})
