import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminClient, createAppClient, createPool, endpoint, publicClient } from './support/clients'
import { forwardAuthServer, nginxAvailable, startNginx, type RunningNginx } from './support/nginx'
import { freePort, startWorker, type RunningWorker } from './support/worker'

/** Debian's nginx with `auth_request` in front of a local origin, asking the gateway's forward-auth endpoint. */
describe.skipIf(!nginxAvailable)('nginx auth_request with the forward-auth endpoint', () => {
  let origin: Server
  let gateway: RunningWorker
  let nginx: RunningNginx
  let front: string
  let clientId: string

  beforeAll(async () => {
    const originPort = await freePort()
    origin = createServer((request, response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          path: request.url,
          user: request.headers['x-user'] ?? null,
          identity: request.headers['x-amzn-oidc-identity'] ?? null,
        }),
      ),
    )
    await new Promise<void>((resolve) => origin.listen(originPort, '127.0.0.1', resolve))
    const poolId = await createPool()
    clientId = (await createAppClient(poolId)).clientId
    await adminClient().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'nginx-user',
        MessageAction: 'SUPPRESS',
      }),
    )
    await adminClient().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'nginx-user',
        Password: 'Nginx-Pass-42',
        Permanent: true,
      }),
    )
    gateway = await startWorker({
      vars: {
        GATEWAY_CONFIG: JSON.stringify({
          providers: { pool: { issuer: `${endpoint()}/${poolId}`, clientIds: [clientId] } },
          // The forward-auth decision uses the route table; the origin here is never called by the gateway.
          forwardAuth: { proxy: 'nginx', trustedAddresses: ['127.0.0.1', '::1'] },
          routes: [
            {
              path: '/private/*',
              origin: `http://127.0.0.1:${originPort}`,
              provider: 'pool',
              unauthenticated: 'deny',
            },
            {
              path: '/public/*',
              origin: `http://127.0.0.1:${originPort}`,
              unauthenticated: 'allow',
            },
          ],
        }),
      },
    })
    nginx = await startNginx(() =>
      forwardAuthServer({
        gateway: gateway.appEndpoint,
        origin: `http://127.0.0.1:${originPort}`,
        signIn: false,
      }),
    )
    front = `http://127.0.0.1:${nginx.port}`
  })

  afterAll(async () => {
    await nginx?.stop()
    await gateway?.stop()
    await new Promise((resolve) => origin?.close(resolve))
  })

  it('lets a request with a valid token through with the identity, and stops one without', async () => {
    const { AccessToken } = (
      await publicClient().send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'nginx-user', PASSWORD: 'Nginx-Pass-42' },
        }),
      )
    ).AuthenticationResult!
    const allowed = await fetch(`${front}/private/report`, {
      headers: { authorization: `Bearer ${AccessToken}` },
    })
    expect(allowed.status).toBe(200)
    const body = (await allowed.json()) as { path: string; identity: string | null }
    expect(body.path).toBe('/private/report')
    expect(body.identity).toBe(
      JSON.parse(Buffer.from(AccessToken!.split('.')[1]!, 'base64url').toString()).sub,
    )
    expect((await fetch(`${front}/private/report`)).status).toBe(401)
    expect(
      (
        await fetch(`${front}/private/report`, {
          headers: { authorization: 'Bearer forged.token.here' },
        })
      ).status,
    ).toBe(401)
    expect((await fetch(`${front}/public/page`)).status).toBe(200)
  })
})
