import { SignatureV4 } from '@smithy/signature-v4'
import { describe, expect, it } from 'vitest'
import { createEdgeHandler } from '../../src/gateway/adapters/lambda-edge'
import { APP, TEST_ADMIN_KEY } from './support/app'
import { NodeSha256 } from './support/node-sha256'
import { jwtClaims, sessionFixture } from './support/session-fixture'

const ROUTES = [
  { path: '/pets/*', origin: 'binding:BACKEND', authorization: 'aws_iam' },
  {
    path: '/v1/*',
    origin: 'binding:BACKEND',
    authorization: 'aws_iam',
    api: 'shop',
    stage: 'prod',
  },
]
const ARN = 'arn:aws:execute-api:us-east-1:000000000000'

const invoke = (...resources: string[]) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: resources }],
})

interface Seen {
  method: string
  url: string
  headers: Record<string, string>
  body: string
}

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string }

async function setup() {
  const seen: Seen[] = []
  const backend = {
    async fetch(request: Request) {
      seen.push({
        method: request.method,
        url: request.url,
        headers: Object.fromEntries(request.headers),
        body: await request.text(),
      })
      return new Response('from the origin', { status: 200 })
    },
  }
  const fixture = await sessionFixture({ routes: ROUTES, bindings: { BACKEND: backend } })
  const { app, users } = fixture
  await fixture.setRoles({
    authenticated: await fixture.role(
      'api-user',
      'authenticated',
      invoke(`${ARN}:portcullis/$default/*/pets/*`, `${ARN}:shop/prod/GET/v1/*`),
    ),
    unauthenticated: await fixture.role(
      'api-guest',
      'unauthenticated',
      invoke(`${ARN}:portcullis/$default/GET/pets/*`),
    ),
  })
  /** The session of `username` signed in (a guest without), and the ID token it signed in with. */
  const credentialsOf = async (username?: string) => {
    const idToken = username ? await users.signIn(username) : undefined
    const { identityId, answer } = await fixture.session(
      idToken ? { [users.provider]: idToken } : undefined,
    )
    return {
      id: identityId,
      idToken,
      credentials: {
        accessKeyId: answer.Credentials!.AccessKeyId!,
        secretAccessKey: answer.Credentials!.SecretKey!,
        sessionToken: answer.Credentials!.SessionToken!,
      },
    }
  }
  const signer = (credentials: Credentials) =>
    new SignatureV4({
      service: 'execute-api',
      region: 'us-east-1',
      sha256: NodeSha256,
      credentials,
    })
  /** A request signed as the SDK signs execute-api calls, sent to the in-process Worker. */
  const signed = async (
    credentials: Credentials,
    method: string,
    path: string,
    init: { headers?: Record<string, string>; body?: string; query?: Record<string, string> } = {},
  ) => {
    const request = await signer(credentials).sign(
      {
        method,
        protocol: 'http:',
        hostname: 'localhost',
        port: 8787,
        path,
        query: init.query ?? {},
        headers: { host: 'localhost:8787', ...init.headers },
        ...(init.body !== undefined ? { body: init.body } : {}),
      },
      { signingDate: new Date(app.now()) },
    )
    const query = new URLSearchParams(init.query ?? {}).toString()
    return {
      url: `${APP}${path}${query ? `?${query}` : ''}`,
      headers: request.headers as Record<string, string>,
      send: (headers = request.headers as Record<string, string>, body = init.body) =>
        app.fetch(`${APP}${path}${query ? `?${query}` : ''}`, {
          method,
          headers,
          ...(body !== undefined ? { body } : {}),
        }),
    }
  }
  const presigned = async (credentials: Credentials, method: string, path: string) => {
    const request = await signer(credentials).presign(
      {
        method,
        protocol: 'http:',
        hostname: 'localhost',
        port: 8787,
        path,
        query: { q: 'a b' },
        headers: { host: 'localhost:8787' },
      },
      { signingDate: new Date(app.now()), expiresIn: 300 },
    )
    const query = new URLSearchParams(request.query as Record<string, string>).toString()
    return `${APP}${path}?${query}`
  }
  return { app, seen, users, credentialsOf, signed, presigned }
}

const answer = async (response: Response) => ({
  status: response.status,
  type: response.headers.get('x-amzn-errortype'),
  body: (await response.json()) as { message: string },
})

describe('aws_iam routes to HTTP origins (execute-api)', () => {
  it('proxies an allowed call with the caller identity, without the signature', async () => {
    const { seen, users, credentialsOf, signed } = await setup()
    const alice = await credentialsOf('alice')
    const call = await signed(alice.credentials, 'POST', '/pets/rex', {
      headers: { 'content-type': 'application/json' },
      body: '{"name":"Rex"}',
    })
    const response = await call.send()
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('from the origin')
    const [request] = seen
    expect(request).toMatchObject({
      method: 'POST',
      url: `${APP}/pets/rex`,
      body: '{"name":"Rex"}',
    })
    expect(request!.headers).toMatchObject({
      'x-portcullis-identity-id': alice.id,
      'x-portcullis-cognito-authentication-type': 'authenticated',
      'x-portcullis-access-key': alice.credentials.accessKeyId,
      'x-portcullis-user-arn':
        'arn:aws:sts::000000000000:assumed-role/api-user/CognitoIdentityCredentials',
    })
    expect(request!.headers['x-portcullis-identity-pool-id']).toMatch(/^us-east-1:/)
    // API Gateway's cognitoAuthenticationProvider: the user pool, then the user's sign-in to it.
    expect(request!.headers['x-portcullis-cognito-authentication-provider']).toBe(
      `${users.provider},${users.provider}:CognitoSignIn:${jwtClaims(alice.idToken!).sub}`,
    )
    const context = JSON.parse(request!.headers['x-amzn-request-context']!)
    expect(context).toMatchObject({
      accountId: '000000000000',
      apiId: 'portcullis',
      stage: '$default',
      httpMethod: 'POST',
      path: '/pets/rex',
      identity: { cognitoIdentityId: alice.id, cognitoAuthenticationType: 'authenticated' },
    })
    for (const name of [
      'authorization',
      'x-amz-date',
      'x-amz-security-token',
      'x-amz-content-sha256',
    ])
      expect(request!.headers[name], name).toBeUndefined()
  })

  it("denies what the role's policy does not allow, with API Gateway's message", async () => {
    const { seen, credentialsOf, signed } = await setup()
    const guest = await credentialsOf()
    expect((await (await signed(guest.credentials, 'GET', '/pets/rex')).send()).status).toBe(200)
    const denied = await answer(
      await (await signed(guest.credentials, 'DELETE', '/pets/rex')).send(),
    )
    expect(denied).toEqual({
      status: 403,
      type: 'AccessDeniedException',
      body: {
        message: `User: arn:aws:sts::000000000000:assumed-role/api-guest/CognitoIdentityCredentials is not authorized to perform: execute-api:Invoke on resource: ${ARN}:portcullis/$default/DELETE/pets/rex because no identity-based policy allows the execute-api:Invoke action`,
      },
    })
    expect(seen).toHaveLength(1)
    expect(seen[0]!.headers['x-portcullis-cognito-authentication-type']).toBe('unauthenticated')
    expect(seen[0]!.headers['x-portcullis-cognito-authentication-provider']).toBeUndefined()
  })

  it("names the route's api and stage in the ARN, and the whole path with its mount", async () => {
    const { seen, credentialsOf, signed } = await setup()
    const alice = await credentialsOf('alice')
    expect((await (await signed(alice.credentials, 'GET', '/v1/orders/7')).send()).status).toBe(200)
    expect(JSON.parse(seen[0]!.headers['x-amzn-request-context']!)).toMatchObject({
      apiId: 'shop',
      stage: 'prod',
    })
    const denied = await answer(
      await (await signed(alice.credentials, 'PUT', '/v1/orders/7')).send(),
    )
    expect(denied.body.message).toContain(`on resource: ${ARN}:shop/prod/PUT/v1/orders/7 because`)
  })

  it('gives admin keys full access, as the account root', async () => {
    const { seen, signed } = await setup()
    expect((await (await signed(TEST_ADMIN_KEY, 'DELETE', '/v1/anything')).send()).status).toBe(200)
    expect(seen[0]!.headers).toMatchObject({
      'x-portcullis-access-key': TEST_ADMIN_KEY.accessKeyId,
      'x-portcullis-user-arn': 'arn:aws:iam::000000000000:root',
    })
    expect(seen[0]!.headers['x-portcullis-identity-id']).toBeUndefined()
  })

  it('answers refused signatures as API Gateway does, and never reaches the origin', async () => {
    const { app, seen, credentialsOf, signed } = await setup()
    const guest = await credentialsOf()
    expect(await answer(await app.fetch(`${APP}/pets/rex`))).toEqual({
      status: 403,
      type: 'MissingAuthenticationTokenException',
      body: { message: 'Missing Authentication Token' },
    })
    const call = await signed(guest.credentials, 'GET', '/pets/rex')
    const tampered = {
      ...call.headers,
      authorization: call.headers.authorization!.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
    }
    expect(await answer(await call.send(tampered))).toEqual({
      status: 403,
      type: 'InvalidSignatureException',
      body: {
        message:
          'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      },
    })
    const unknown = await signed(
      { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' },
      'GET',
      '/pets/rex',
    )
    expect(await answer(await unknown.send())).toEqual({
      status: 403,
      type: 'UnrecognizedClientException',
      body: { message: 'The security token included in the request is invalid.' },
    })
    const forged = {
      ...call.headers,
      'x-amz-security-token': `${call.headers['x-amz-security-token']}x`,
    }
    expect((await answer(await call.send(forged))).type).toBe('UnrecognizedClientException')
    // The body is under the signature: another body is another request.
    const post = await signed(guest.credentials, 'POST', '/pets/rex', { body: 'one' })
    expect((await answer(await post.send(undefined, 'two'))).type).toBe('InvalidSignatureException')
    const s3Scoped = new SignatureV4({
      service: 's3',
      region: 'us-east-1',
      sha256: NodeSha256,
      credentials: guest.credentials,
    })
    const wrongService = await s3Scoped.sign(
      {
        method: 'GET',
        protocol: 'http:',
        hostname: 'localhost',
        port: 8787,
        path: '/pets/rex',
        headers: { host: 'localhost:8787' },
      },
      { signingDate: new Date(app.now()) },
    )
    expect(
      await answer(
        await app.fetch(`${APP}/pets/rex`, {
          headers: wrongService.headers as Record<string, string>,
        }),
      ),
    ).toMatchObject({ status: 403, type: 'InvalidSignatureException' })
    expect(seen).toHaveLength(0)
  })

  it('refuses a signature outside the clock skew and a session past its expiry', async () => {
    const { app, seen, credentialsOf, signed } = await setup()
    const guest = await credentialsOf()
    const early = await signed(guest.credentials, 'GET', '/pets/rex')
    app.advance(16 * 60 * 1000)
    expect(await answer(await early.send())).toMatchObject({
      status: 403,
      type: 'InvalidSignatureException',
    })
    // Session credentials last an hour; signed afresh after that, the session itself is refused.
    app.advance(45 * 60 * 1000)
    expect(
      await answer(await (await signed(guest.credentials, 'GET', '/pets/rex')).send()),
    ).toEqual({
      status: 403,
      type: 'ExpiredTokenException',
      body: { message: 'The security token included in the request is expired' },
    })
    expect(seen).toHaveLength(0)
  })

  it('accepts a presigned URL, and forwards the query without its signing parameters', async () => {
    const { app, seen, credentialsOf, presigned } = await setup()
    const guest = await credentialsOf()
    const url = await presigned(guest.credentials, 'GET', '/pets/rex')
    expect((await app.fetch(url)).status).toBe(200)
    expect(seen[0]!.url).toBe(`${APP}/pets/rex?q=a+b`)
    expect(seen[0]!.headers['x-portcullis-identity-id']).toBe(guest.id)
    const tampered = await app.fetch(url.replace('q=a+b', 'q=c'))
    expect((await answer(tampered)).type).toBe('InvalidSignatureException')
    app.advance(301 * 1000)
    expect((await answer(await app.fetch(url))).type).toBe('InvalidSignatureException')
    expect(seen).toHaveLength(1)
  })

  it('strips identity headers a client sends, in any spelling', async () => {
    const { seen, credentialsOf, signed } = await setup()
    const guest = await credentialsOf()
    const smuggled = {
      'x-portcullis-identity-id': 'us-east-1:someone-else',
      'X-Portcullis-Cognito-Authentication-Type': 'authenticated',
      x_portcullis_user_arn: 'arn:aws:iam::000000000000:root',
      'x-amzn-request-context': '{"identity":{"cognitoIdentityId":"forged"}}',
      x_amzn_request_context: '{}',
    }
    const call = await signed(guest.credentials, 'GET', '/pets/rex', { headers: smuggled })
    expect((await call.send()).status).toBe(200)
    const headers = seen[0]!.headers
    expect(headers['x-portcullis-identity-id']).toBe(guest.id)
    expect(headers['x-portcullis-cognito-authentication-type']).toBe('unauthenticated')
    expect(headers.x_portcullis_user_arn).toBeUndefined()
    expect(headers.x_amzn_request_context).toBeUndefined()
    expect(JSON.parse(headers['x-amzn-request-context']!).identity.cognitoIdentityId).toBe(guest.id)
  })

  it('is refused at the edge, where a viewer-request function sees no body to verify', () => {
    expect(() =>
      createEdgeHandler({
        config: {
          routes: [{ path: '/pets/*', origin: 'https://api.internal', authorization: 'aws_iam' }],
        },
        sessionSecret: Buffer.alloc(32, 1).toString('base64'),
        signingKey: { kty: 'EC' },
      }),
    ).toThrow('routes[0]: aws_iam routes are served by the Worker only')
  })
})
