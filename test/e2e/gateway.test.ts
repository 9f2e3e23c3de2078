import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateGroupCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { createPublicKey, createVerify } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket, { WebSocketServer } from 'ws'
import { adminClient, createAppClient, createPool, endpoint, publicClient } from './support/clients'
import { freePort, startWorker, type RunningWorker } from './support/worker'

interface Echo {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

const PASSWORD = 'Gateway-Pass-42'

/**
 * The gateway as a separate Worker in front of a local origin, trusting the suite's Worker as its
 * OIDC provider over loopback (the way it would trust Amazon Cognito or any other provider).
 */
describe('edge gateway: bearer tokens, policy and identity headers', () => {
  let origin: Server
  let originUrl: string
  let gateway: RunningWorker
  let poolId: string
  let clientId: string
  let otherClientId: string

  beforeAll(async () => {
    const port = await freePort()
    origin = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk: Buffer) => (body += chunk.toString()))
      request.on('end', () => {
        if (request.url === '/teapot')
          return void response.writeHead(418, { 'x-origin': 'yes' }).end('short and stout')
        response.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            method: request.method ?? '',
            url: request.url ?? '',
            headers: request.headers,
            body,
          } satisfies Echo),
        )
      })
    })
    // WebSocket echo on the same origin, reporting who connected.
    const sockets = new WebSocketServer({ server: origin })
    sockets.on('connection', (socket, request) =>
      socket.on('message', (data) =>
        socket.send(`${request.headers['x-user'] ?? 'anonymous'}: ${data.toString()}`),
      ),
    )
    await new Promise<void>((resolve) => origin.listen(port, '127.0.0.1', resolve))
    originUrl = `http://127.0.0.1:${port}`
    poolId = await createPool()
    clientId = (await createAppClient(poolId)).clientId
    otherClientId = (await createAppClient(poolId)).clientId
    await adminClient().send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'admins' }))
    for (const username of ['alice', 'bob']) {
      await adminClient().send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: username,
          MessageAction: 'SUPPRESS',
          UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
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
    await adminClient().send(
      new AdminAddUserToGroupCommand({
        UserPoolId: poolId,
        Username: 'alice',
        GroupName: 'admins',
      }),
    )
    const config = {
      forwardAuth: { proxy: 'traefik', trustedAddresses: ['127.0.0.1'] },
      providers: {
        pool: { issuer: `${endpoint()}/${poolId}`, clientIds: [clientId], tokenUse: ['access'] },
        idTokens: { issuer: `${endpoint()}/${poolId}`, clientIds: [clientId], tokenUse: ['id'] },
      },
      routes: [
        {
          path: '/api/*',
          origin: originUrl,
          provider: 'pool',
          unauthenticated: 'deny',
          headers: { username: 'x-user' },
        },
        {
          path: '/api/admin/*',
          origin: originUrl,
          provider: 'pool',
          unauthenticated: 'deny',
          require: { groupsAnyOf: ['admins'] },
        },
        { path: '/id/*', origin: originUrl, provider: 'idTokens', unauthenticated: 'deny' },
        { path: '/public/*', origin: originUrl, unauthenticated: 'allow' },
        { path: '/teapot', origin: originUrl, unauthenticated: 'allow' },
        {
          path: '/ws/*',
          origin: originUrl,
          provider: 'pool',
          unauthenticated: 'deny',
          headers: { username: 'x-user' },
        },
      ],
    }
    gateway = await startWorker({ vars: { GATEWAY_CONFIG: JSON.stringify(config) } })
  })

  afterAll(async () => {
    await gateway?.stop()
    await new Promise((resolve) => origin?.close(resolve))
  })

  const tokensFor = async (username: string, client = clientId) =>
    (
      await publicClient().send(
        new InitiateAuthCommand({
          ClientId: client,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: username, PASSWORD },
        }),
      )
    ).AuthenticationResult!

  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${gateway.appEndpoint}${path}`, init)

  it('proxies with a valid access token and gives the origin ALB-compatible identity headers', async () => {
    const { AccessToken } = await tokensFor('alice')
    const response = await call('/api/things?x=1', {
      method: 'POST',
      headers: { authorization: `Bearer ${AccessToken}`, 'content-type': 'text/plain' },
      body: 'payload',
    })
    expect(response.status).toBe(200)
    const echo = (await response.json()) as Echo
    expect(echo).toMatchObject({ method: 'POST', url: '/api/things?x=1', body: 'payload' })
    expect(echo.headers['x-user']).toBe('alice')
    expect(echo.headers['x-amzn-oidc-accesstoken']).toBe(AccessToken)
    const sub = JSON.parse(Buffer.from(AccessToken!.split('.')[1]!, 'base64url').toString()).sub
    expect(echo.headers['x-amzn-oidc-identity']).toBe(sub)
    // x-amzn-oidc-data verifies with the PEM key the gateway publishes, as ALB's does.
    const data = String(echo.headers['x-amzn-oidc-data'])
    const [header, payload, signature] = data.split('.')
    const { kid, signer, alg } = JSON.parse(Buffer.from(header!, 'base64url').toString())
    expect({ alg, signer }).toEqual({ alg: 'ES256', signer: 'portcullis-gateway' })
    const pem = await (await call(`/_gateway/keys/${kid}`)).text()
    const verifier = createVerify('SHA256')
    verifier.update(`${header}.${payload}`)
    expect(
      verifier.verify(
        { key: createPublicKey(pem), dsaEncoding: 'ieee-p1363' },
        Buffer.from(signature!, 'base64url'),
      ),
    ).toBe(true)
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toMatchObject({
      sub,
      username: 'alice',
      'cognito:groups': ['admins'],
    })
  })

  it('never lets a forged identity header reach the origin', async () => {
    const anonymous = (await (
      await call('/public/x', {
        headers: {
          'x-amzn-oidc-identity': 'forged',
          'x-amzn-oidc-data': 'forged',
          'x-portcullis-groups': 'admins',
        },
      })
    ).json()) as Echo
    expect(anonymous.headers['x-amzn-oidc-identity']).toBeUndefined()
    expect(anonymous.headers['x-amzn-oidc-data']).toBeUndefined()
    expect(anonymous.headers['x-portcullis-groups']).toBeUndefined()
    const { AccessToken } = await tokensFor('bob')
    const signedIn = (await (
      await call('/api/x', {
        headers: {
          authorization: `Bearer ${AccessToken}`,
          'x-user': 'alice',
          'x-amzn-oidc-identity': 'forged',
        },
      })
    ).json()) as Echo
    expect(signedIn.headers['x-user']).toBe('bob')
    expect(signedIn.headers['x-amzn-oidc-identity']).not.toBe('forged')
  })

  it('answers 401 with WWW-Authenticate without a token, 403 when the group requirement is unmet', async () => {
    const none = await call('/api/x')
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toContain('Bearer')
    const bob = await tokensFor('bob')
    expect(
      (await call('/api/admin/panel', { headers: { authorization: `Bearer ${bob.AccessToken}` } }))
        .status,
    ).toBe(403)
    const alice = await tokensFor('alice')
    expect(
      (
        await call('/api/admin/panel', {
          headers: { authorization: `Bearer ${alice.AccessToken}` },
        })
      ).status,
    ).toBe(200)
  })

  it('refuses tampered, alg:none, wrong-audience and wrong-token_use tokens', async () => {
    const { AccessToken, IdToken } = await tokensFor('alice')
    const [header, payload, signature] = AccessToken!.split('.')
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString())
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, username: 'root' })).toString('base64url')}.${signature}`
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: JSON.parse(Buffer.from(header!, 'base64url').toString()).kid })).toString('base64url')}.${payload}.`
    const otherAudience = (await tokensFor('alice', otherClientId)).AccessToken!
    for (const token of [
      tampered,
      none,
      otherAudience,
      IdToken!,
      'garbage',
      `${header}.e30.AAAA`,
    ]) {
      const response = await call('/api/x', { headers: { authorization: `Bearer ${token}` } })
      expect(response.status).toBe(401)
      expect(response.headers.get('www-authenticate')).toContain('invalid_token')
    }
    // The ID-token route takes ID tokens and refuses access tokens.
    expect((await call('/id/x', { headers: { authorization: `Bearer ${IdToken}` } })).status).toBe(
      200,
    )
    expect(
      (await call('/id/x', { headers: { authorization: `Bearer ${AccessToken}` } })).status,
    ).toBe(401)
  })

  it('passes WebSocket upgrades through to the origin, with the identity, and refuses them without a token', async () => {
    const { AccessToken } = await tokensFor('alice')
    const socket = new WebSocket(`${gateway.appEndpoint.replace('http', 'ws')}/ws/echo`, {
      headers: { authorization: `Bearer ${AccessToken}`, 'x-user': 'mallory' },
    })
    const reply = await new Promise<string>((resolve, reject) => {
      socket.once('open', () => socket.send('hello'))
      socket.once('message', (data) => resolve(data.toString()))
      socket.once('error', reject)
    })
    socket.close()
    expect(reply).toBe('alice: hello')
    const refused = new WebSocket(`${gateway.appEndpoint.replace('http', 'ws')}/ws/echo`)
    const status = await new Promise<number>((resolve) =>
      refused.once('unexpected-response', (_request, response) =>
        resolve(response.statusCode ?? 0),
      ),
    )
    expect(status).toBe(401)
  })

  it('passes origin errors through untouched and answers unknown paths with 404', async () => {
    const teapot = await call('/teapot')
    expect(teapot.status).toBe(418)
    expect(teapot.headers.get('x-origin')).toBe('yes')
    expect(await teapot.text()).toBe('short and stout')
    expect((await call('/nowhere')).status).toBe(404)
  })

  it('serves forward auth for Traefik: 200 with identity headers, or 401/403', async () => {
    const { AccessToken } = await tokensFor('alice')
    const ok = await call('/_gateway/auth', {
      headers: {
        authorization: `Bearer ${AccessToken}`,
        'x-forwarded-uri': '/api/admin/panel?x=1',
        'x-forwarded-host': 'app.example',
      },
    })
    expect(ok.status).toBe(200)
    expect(ok.headers.get('x-amzn-oidc-identity')).toBeTruthy()
    expect(
      (
        await call('/_gateway/auth', {
          headers: { 'x-forwarded-uri': '/api/x', 'x-forwarded-host': 'app.example' },
        })
      ).status,
    ).toBe(401)
    const bob = await tokensFor('bob')
    expect(
      (
        await call('/_gateway/auth', {
          headers: {
            authorization: `Bearer ${bob.AccessToken}`,
            'x-forwarded-uri': '/api/admin/x',
            'x-forwarded-host': 'app.example',
          },
        })
      ).status,
    ).toBe(403)
  })

  it('refuses to start routing with an invalid route table, and says why in the log', async () => {
    const broken = await startWorker({
      vars: {
        GATEWAY_CONFIG: JSON.stringify({
          routes: [{ path: 'no-slash', origin: 'ftp://x', unauthenticated: 'maybe' }],
        }),
      },
    })
    try {
      const response = await fetch(`${broken.appEndpoint}/anything`)
      expect(response.status).toBe(500)
      expect(await response.json()).toMatchObject({ error: 'gateway_misconfigured' })
      expect((await fetch(`${broken.appEndpoint}/health`)).status).toBe(200)
    } finally {
      await broken.stop()
    }
  })
})
