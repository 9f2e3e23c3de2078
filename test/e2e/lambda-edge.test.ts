import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminClient, createAppClient, createPool, endpoint, publicClient } from './support/clients'

type Headers = Record<string, Array<{ key?: string; value: string }>>
type Handler = (
  event: unknown,
) => Promise<{ status?: string; headers: Headers; uri?: string; body?: string }>

/** A CloudFront viewer-request event, as Lambda@Edge receives it. */
function viewerRequest(
  uri: string,
  headers: Record<string, string> = {},
  querystring = '',
): unknown {
  const cfHeaders: Headers = { host: [{ key: 'Host', value: 'd111111abcdef8.cloudfront.net' }] }
  for (const [name, value] of Object.entries(headers))
    cfHeaders[name.toLowerCase()] = [{ key: name, value }]
  return {
    Records: [
      {
        cf: {
          config: {
            distributionDomainName: 'd111111abcdef8.cloudfront.net',
            eventType: 'viewer-request',
            requestId: 'r1',
          },
          request: { clientIp: '203.0.113.7', method: 'GET', uri, querystring, headers: cfHeaders },
        },
      },
    ],
  }
}

/** The deployable bundle itself, built by the build script and driven with CloudFront event shapes. */
describe('Lambda@Edge viewer-request bundle', () => {
  let handler: Handler
  let dir: string
  let clientId: string

  beforeAll(async () => {
    const poolId = await createPool()
    clientId = (
      await createAppClient(poolId, {
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid'],
        CallbackURLs: ['https://d111111abcdef8.cloudfront.net/_gateway/callback'],
      })
    ).clientId
    await adminClient().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'edge-user',
        MessageAction: 'SUPPRESS',
      }),
    )
    await adminClient().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'edge-user',
        Password: 'Edge-Pass-42',
        Permanent: true,
      }),
    )
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const settings = {
      config: {
        providers: { idp: { issuer: `${endpoint()}/${poolId}`, clientIds: [clientId] } },
        routes: [
          {
            path: '/api/*',
            origin: 'https://origin.invalid',
            provider: 'idp',
            unauthenticated: 'deny',
            headers: { username: 'x-user' },
          },
          {
            path: '/app/*',
            origin: 'https://origin.invalid',
            provider: 'idp',
            unauthenticated: 'authenticate',
          },
        ],
      },
      sessionSecret: randomBytes(32).toString('base64'),
      signingKey: { ...privateKey.export({ format: 'jwk' }), kid: 'edge-key', alg: 'ES256' },
    }
    dir = mkdtempSync(join(tmpdir(), 'portcullis-edge-'))
    const { buildEdgeBundle } = (await import(
      pathToFileURL(join(process.cwd(), 'scripts', 'build-lambda-edge.mjs')).href
    )) as { buildEdgeBundle: (s: unknown, out: string) => Promise<string> }
    const bundle = await buildEdgeBundle(settings, dir)
    handler = ((await import(pathToFileURL(bundle).href)) as { handler: Handler }).handler
  })

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('forwards a request with a valid token to the origin with identity headers, forged ones removed', async () => {
    const { AccessToken } = (
      await publicClient().send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'edge-user', PASSWORD: 'Edge-Pass-42' },
        }),
      )
    ).AuthenticationResult!
    const result = await handler(
      viewerRequest('/api/items', {
        Authorization: `Bearer ${AccessToken}`,
        'x-amzn-oidc-identity': 'forged',
        'x-user': 'root',
      }),
    )
    expect(result.status).toBeUndefined()
    expect(result.uri).toBe('/api/items')
    expect(result.headers['x-user']?.[0]?.value).toBe('edge-user')
    expect(result.headers['x-amzn-oidc-identity']?.[0]?.value).not.toBe('forged')
    const dataHeader = JSON.parse(
      Buffer.from(
        result.headers['x-amzn-oidc-data']![0]!.value.split('.')[0]!,
        'base64url',
      ).toString(),
    )
    expect(dataHeader).toMatchObject({ alg: 'ES256', kid: 'edge-key' })
  })

  it('answers 401 as a CloudFront response without a token, and for a tampered one', async () => {
    const none = await handler(viewerRequest('/api/items'))
    expect(none.status).toBe('401')
    expect(none.headers['www-authenticate']?.[0]?.value).toContain('Bearer')
    const tampered = await handler(
      viewerRequest('/api/items', { Authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' }),
    )
    expect(tampered.status).toBe('401')
  })

  it('sends a browser to the provider with PKCE and a sealed flow cookie', async () => {
    const result = await handler(viewerRequest('/app/home', {}, 'tab=2'))
    expect(result.status).toBe('303')
    const location = new URL(result.headers.location![0]!.value)
    expect(location.origin + location.pathname).toBe(`${endpoint()}/oauth2/authorize`)
    expect(location.searchParams.get('code_challenge_method')).toBe('S256')
    expect(location.searchParams.get('redirect_uri')).toBe(
      'https://d111111abcdef8.cloudfront.net/_gateway/callback',
    )
    const flowCookie = result.headers['set-cookie']?.[0]?.value ?? ''
    expect(flowCookie).toMatch(/^__Host-pcl-gw-flow=[^;]+;/)
    for (const attribute of ['Path=/', 'Secure', 'HttpOnly', 'SameSite=Lax'])
      expect(flowCookie.split('; ')).toContain(attribute)
    const stray = await handler(viewerRequest('/_gateway/callback', {}, 'code=x&state=y'))
    expect(stray.status).toBe('400')
  })

  it('refuses at build time a table whose origins exist only on Workers (bindings, assets, R2)', async () => {
    const { buildEdgeBundle } = (await import(
      pathToFileURL(join(process.cwd(), 'scripts', 'build-lambda-edge.mjs')).href
    )) as { buildEdgeBundle: (s: unknown, out: string) => Promise<string> }
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const settings = {
      config: { routes: [{ path: '/*', origin: 'r2:MEDIA', unauthenticated: 'allow' }] },
      sessionSecret: randomBytes(32).toString('base64'),
      signingKey: { ...privateKey.export({ format: 'jwk' }), kid: 'edge-key', alg: 'ES256' },
    }
    const out = mkdtempSync(join(tmpdir(), 'portcullis-edge-bad-'))
    try {
      await expect(buildEdgeBundle(settings, out)).rejects.toThrow(
        /routes\[0\]\.origin r2:MEDIA: only URL origins exist at the edge/,
      )
    } finally {
      rmSync(out, { recursive: true, force: true })
    }
  })
})
