import { describe, expect, it } from 'vitest'
import { splitHost } from '../../src/http/host-names'
import { authOrigin, hostPolicy, isConfiguredAuthHost } from '../../src/http/hosts'

describe('which host serves the IdP', () => {
  it('defaults to every host without gateway routes, and to loopback IPs with them', () => {
    const idpOnly = hostPolicy({
      authHosts: undefined,
      publicOrigin: undefined,
      gatewayHasRoutes: false,
    })
    expect(isConfiguredAuthHost(idpOnly, 'anything.example')).toBe(true)
    const withRoutes = hostPolicy({
      authHosts: undefined,
      publicOrigin: undefined,
      gatewayHasRoutes: true,
    })
    expect(isConfiguredAuthHost(withRoutes, '127.0.0.1:8787')).toBe(true)
    expect(isConfiguredAuthHost(withRoutes, '[::1]:8787')).toBe(true)
    expect(isConfiguredAuthHost(withRoutes, 'localhost:8787')).toBe(false)
  })

  it('follows AUTH_HOSTS, then PUBLIC_ORIGIN; a port in the setting must match', () => {
    const configured = hostPolicy({
      authHosts: 'auth.example.com, login.example.com:8443',
      publicOrigin: 'https://other.example',
      gatewayHasRoutes: true,
    })
    expect(isConfiguredAuthHost(configured, 'AUTH.example.com.')).toBe(true)
    expect(isConfiguredAuthHost(configured, 'login.example.com:8443')).toBe(true)
    expect(isConfiguredAuthHost(configured, 'login.example.com')).toBe(false)
    expect(isConfiguredAuthHost(configured, 'other.example')).toBe(false)
    const fromOrigin = hostPolicy({
      authHosts: undefined,
      publicOrigin: 'https://auth.example.com',
      gatewayHasRoutes: true,
    })
    expect(isConfiguredAuthHost(fromOrigin, 'auth.example.com')).toBe(true)
    expect(isConfiguredAuthHost(fromOrigin, 'app.example.com')).toBe(false)
  })

  it('names the auth origin an app host sends browsers to', () => {
    const local = hostPolicy({
      authHosts: undefined,
      publicOrigin: undefined,
      gatewayHasRoutes: true,
    })
    expect(authOrigin(local, undefined, new URL('http://localhost:8787/demo/'))).toBe(
      'http://127.0.0.1:8787',
    )
    const configured = hostPolicy({
      authHosts: 'auth.example.com',
      publicOrigin: undefined,
      gatewayHasRoutes: true,
    })
    expect(authOrigin(configured, undefined, new URL('https://app.example.com/x'))).toBe(
      'https://auth.example.com',
    )
    expect(
      authOrigin(configured, 'https://id.example.com/', new URL('https://app.example.com/x')),
    ).toBe('https://id.example.com')
  })

  it('compares host names without case, trailing dot or port', () => {
    expect(splitHost('Example.COM.:443')).toEqual({ hostname: 'example.com', port: '443' })
    expect(splitHost('[::1]:8787')).toEqual({ hostname: '[::1]', port: '8787' })
    expect(splitHost('localhost')).toEqual({ hostname: 'localhost' })
  })
})
