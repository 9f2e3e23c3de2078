import { describe, expect, it } from 'vitest'
import { safeReturnTo } from '../../src/gateway/browser-session'
import { GatewayConfigError, matchRoute, parseGatewayConfig } from '../../src/gateway/config'

const provider = { issuer: 'https://idp.example/pool', clientIds: ['c1'] }

describe('gateway route table', () => {
  it('reports every problem of a bad table at once, with its path', () => {
    try {
      parseGatewayConfig(
        JSON.stringify({
          providers: { p: { issuer: 'http://idp.example', clientIds: [] } },
          routes: [{ path: 'x', origin: 'ftp://o', unauthenticated: 'maybe', provider: 'nope' }],
        }),
      )
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(GatewayConfigError)
      const message = (error as Error).message
      for (const part of [
        'providers.p.issuer',
        'providers.p.clientIds',
        'routes[0].path',
        'routes[0].origin',
        'routes[0].unauthenticated',
        'routes[0].provider',
      ])
        expect(message).toContain(part)
    }
    expect(() => parseGatewayConfig('{not json')).toThrow(GatewayConfigError)
  })

  it('picks the most specific route: exact host over wildcard, longer path over shorter', () => {
    const config = parseGatewayConfig(
      JSON.stringify({
        providers: { p: provider },
        routes: [
          { path: '/*', origin: 'https://any.example', unauthenticated: 'allow' },
          { path: '/api/*', origin: 'https://api.example', provider: 'p' },
          { host: '*.example.com', path: '/api/*', origin: 'https://wild.example', provider: 'p' },
          {
            host: 'shop.example.com',
            path: '/api/*',
            origin: 'https://shop.example',
            provider: 'p',
          },
          { path: '/api/health', origin: 'https://health.example', unauthenticated: 'allow' },
        ],
      }),
    )
    expect(matchRoute(config, 'x.test', '/index.html')?.origin).toEqual({
      kind: 'url',
      base: 'https://any.example',
    })
    expect(matchRoute(config, 'x.test', '/api/v1')?.origin).toEqual({
      kind: 'url',
      base: 'https://api.example',
    })
    expect(matchRoute(config, 'a.example.com', '/api/v1')?.origin).toEqual({
      kind: 'url',
      base: 'https://wild.example',
    })
    expect(matchRoute(config, 'shop.example.com', '/api/v1')?.origin).toEqual({
      kind: 'url',
      base: 'https://shop.example',
    })
    expect(matchRoute(config, 'x.test', '/api/health')?.origin).toEqual({
      kind: 'url',
      base: 'https://health.example',
    })
    expect(matchRoute(config, 'x.test', '/apiary')?.origin).toEqual({
      kind: 'url',
      base: 'https://any.example',
    })
  })

  it('reads every origin form: URL with base path, service binding, assets and R2 with a key prefix', () => {
    const origins = [
      'https://api.example/v1/',
      'binding:BACKEND',
      'assets:',
      'assets:SITE',
      'r2:MEDIA',
      'r2:MEDIA/www',
      'r2:MEDIA/a/b/',
    ]
    const config = parseGatewayConfig(
      JSON.stringify({
        routes: origins.map((origin, i) => ({
          path: `/r${i}/*`,
          origin,
          unauthenticated: 'allow',
        })),
      }),
    )
    expect(config.routes.map((r) => r.origin)).toEqual([
      { kind: 'url', base: 'https://api.example/v1' },
      { kind: 'service', binding: 'BACKEND' },
      { kind: 'assets', binding: 'ASSETS' },
      { kind: 'assets', binding: 'SITE' },
      { kind: 'r2', binding: 'MEDIA', keyPrefix: '' },
      { kind: 'r2', binding: 'MEDIA', keyPrefix: 'www/' },
      { kind: 'r2', binding: 'MEDIA', keyPrefix: 'a/b/' },
    ])
  })

  it('takes issuers with or without a path; plain http only on loopback', () => {
    for (const issuer of [
      'https://accounts.example',
      'https://idp.example/pool',
      'http://127.0.0.1:9000',
      'http://localhost:9000/realms/x',
      'self:us-east-1_abc123',
    ]) {
      expect(() =>
        parseGatewayConfig(
          JSON.stringify({ providers: { p: { issuer, clientIds: ['c'] } }, routes: [] }),
        ),
      ).not.toThrow()
    }
    for (const issuer of [
      'http://idp.example',
      'http://127.0.0.1.evil.example',
      'ftp://127.0.0.1',
      'self:nope',
    ]) {
      expect(() =>
        parseGatewayConfig(
          JSON.stringify({ providers: { p: { issuer, clientIds: ['c'] } }, routes: [] }),
        ),
      ).toThrow(/providers\.p\.issuer/)
    }
  })

  it('refuses malformed origins with the route they belong to', () => {
    const bad = [
      'binding:',
      'binding:has-dash',
      'assets:x y',
      'r2:',
      'r2:B/../x',
      'r2:B//x',
      'https://u:p@api.example',
      'https://api.example/?q=1',
      'ws://api.example',
      'api.example',
      42,
    ]
    try {
      parseGatewayConfig(
        JSON.stringify({
          routes: bad.map((origin, i) => ({ path: `/r${i}/*`, origin, unauthenticated: 'allow' })),
        }),
      )
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(GatewayConfigError)
      for (let i = 0; i < bad.length; i++)
        expect((error as Error).message).toContain(`routes[${i}].origin`)
    }
  })

  it('takes aws_iam on HTTP origins, naming the execute-api ARN with defaults', () => {
    const config = parseGatewayConfig(
      JSON.stringify({
        routes: [
          { path: '/pets/*', origin: 'https://api.internal', authorization: 'aws_iam' },
          {
            path: '/v1/*',
            origin: 'binding:BACKEND',
            authorization: 'aws_iam',
            api: 'a1b2c3',
            stage: 'prod',
          },
          { path: '/s3/*', origin: 's3:MEDIA', bucket: 'media', authorization: 'aws_iam' },
        ],
      }),
    )
    expect(config.routes.map((route) => route.executeApi)).toEqual([
      { api: 'portcullis', stage: '$default' },
      { api: 'a1b2c3', stage: 'prod' },
      undefined,
    ])
    const refused = [
      { path: '/a/*', origin: 'https://o', authorization: 'aws_iam', provider: 'p' },
      { path: '/b/*', origin: 'https://o', authorization: 'aws_iam', unauthenticated: 'allow' },
      { path: '/c/*', origin: 'https://o', authorization: 'aws_iam', require: { scopes: ['x'] } },
      { path: '/d/*', origin: 'https://o', authorization: 'aws_iam', api: 'no/slash' },
      { path: '/e/*', origin: 'https://o', authorization: 'aws_iam', stage: '' },
      { path: '/f/*', origin: 'https://o', unauthenticated: 'allow', api: 'x' },
      { path: '/g/*', origin: 's3:MEDIA', bucket: 'media', authorization: 'aws_iam', stage: 'x' },
    ]
    try {
      parseGatewayConfig(JSON.stringify({ providers: { p: provider }, routes: refused }))
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(GatewayConfigError)
      for (let i = 0; i < refused.length; i++)
        expect((error as Error).message).toContain(`routes[${i}]`)
    }
  })

  it('returns only to paths on this host after sign-in', () => {
    expect(safeReturnTo('/app/page?x=1')).toBe('/app/page?x=1')
    for (const unsafe of [
      '//evil.example/x',
      '/\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      '',
      undefined,
      null,
    ])
      expect(safeReturnTo(unsafe)).toBe('/')
  })
})
