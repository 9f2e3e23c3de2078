import { describe, expect, it } from 'vitest'
import { safeReturnTo } from '../../src/gateway/browser-session'
import { GatewayConfigError, matchRoute, parseGatewayConfig } from '../../src/gateway/config'

const provider = { issuer: 'https://idp.example/pool', clientIds: ['c1'] }

describe('gateway route table', () => {
  it('reports every problem of a bad table at once, with its path', () => {
    try {
      parseGatewayConfig(JSON.stringify({ providers: { p: { issuer: 'http://idp.example', clientIds: [] } }, routes: [{ path: 'x', origin: 'ftp://o', unauthenticated: 'maybe', provider: 'nope' }] }))
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(GatewayConfigError)
      const message = (error as Error).message
      for (const part of ['providers.p.issuer', 'providers.p.clientIds', 'routes[0].path', 'routes[0].origin', 'routes[0].unauthenticated', 'routes[0].provider']) expect(message).toContain(part)
    }
    expect(() => parseGatewayConfig('{not json')).toThrow(GatewayConfigError)
  })

  it('picks the most specific route: exact host over wildcard, longer path over shorter', () => {
    const config = parseGatewayConfig(JSON.stringify({
      providers: { p: provider },
      routes: [
        { path: '/*', origin: 'https://any.example', unauthenticated: 'allow' },
        { path: '/api/*', origin: 'https://api.example', provider: 'p' },
        { host: '*.example.com', path: '/api/*', origin: 'https://wild.example', provider: 'p' },
        { host: 'shop.example.com', path: '/api/*', origin: 'https://shop.example', provider: 'p' },
        { path: '/api/health', origin: 'https://health.example', unauthenticated: 'allow' },
      ],
    }))
    expect(matchRoute(config, 'x.test', '/index.html')?.origin).toBe('https://any.example')
    expect(matchRoute(config, 'x.test', '/api/v1')?.origin).toBe('https://api.example')
    expect(matchRoute(config, 'a.example.com', '/api/v1')?.origin).toBe('https://wild.example')
    expect(matchRoute(config, 'shop.example.com', '/api/v1')?.origin).toBe('https://shop.example')
    expect(matchRoute(config, 'x.test', '/api/health')?.origin).toBe('https://health.example')
    expect(matchRoute(config, 'x.test', '/apiary')?.origin).toBe('https://any.example')
  })

  it('returns only to paths on this host after sign-in', () => {
    expect(safeReturnTo('/app/page?x=1')).toBe('/app/page?x=1')
    for (const unsafe of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '', undefined, null]) expect(safeReturnTo(unsafe)).toBe('/')
  })
})
