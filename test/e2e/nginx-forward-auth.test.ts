import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminClient, createAppClient, createPool, endpoint, publicClient } from './support/clients'
import { freePort, startWorker, type RunningWorker } from './support/worker'

const NGINX = '/usr/sbin/nginx'
// CI installs Debian's nginx; a developer machine without it skips this file (and only this file).
const available = existsSync(NGINX) || process.env.CI === 'true'

/** Debian's nginx with `auth_request` in front of a local origin, asking the gateway's forward-auth endpoint. */
describe.skipIf(!available)('nginx auth_request with the forward-auth endpoint', () => {
  let origin: Server
  let gateway: RunningWorker
  let nginx: ChildProcess
  let dir: string
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
    const frontPort = await freePort()
    front = `http://127.0.0.1:${frontPort}`
    dir = mkdtempSync(join(tmpdir(), 'portcullis-nginx-'))
    writeFileSync(
      join(dir, 'nginx.conf'),
      `
daemon off; worker_processes 1; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events { worker_connections 64; }
http {
  access_log off; client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir};
  server {
    listen 127.0.0.1:${frontPort};
    location / {
      auth_request /_auth;
      auth_request_set $user $upstream_http_x_amzn_oidc_identity;
      proxy_set_header x-amzn-oidc-identity $user;
      proxy_pass http://127.0.0.1:${originPort};
    }
    location = /_auth {
      internal;
      proxy_pass ${gateway.appEndpoint}/_gateway/auth;
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header X-Original-URI $request_uri;
      proxy_set_header X-Forwarded-Host $host;
      proxy_set_header Authorization $http_authorization;
    }
  }
}`,
    )
    nginx = spawn(NGINX, ['-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: 'ignore' })
    for (let i = 0; i < 50; i++) {
      try {
        await fetch(`${front}/public/x`)
        break
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
  })

  afterAll(async () => {
    nginx?.kill('SIGQUIT')
    await gateway?.stop()
    await new Promise((resolve) => origin?.close(resolve))
    if (dir) rmSync(dir, { recursive: true, force: true })
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
