import { exportJWK, generateKeyPair, type JWK } from 'jose'
import { describe, expect, it } from 'vitest'
import { keyFits } from '../../src/oidc/algorithms'
import { ProviderUnreachable } from '../../src/oidc/errors'
import { JwksCache } from '../../src/oidc/jwks'
import { ISSUER, NOW, testProvider } from './support/oidc-provider'

const JWKS = `${ISSUER}/jwks`

describe('the JWKS cache', () => {
  it('fetches a set once for concurrent misses and keeps it ten minutes', async () => {
    const provider = await testProvider()
    const jwks = new JwksCache()
    const keys = await Promise.all([
      jwks.key(JWKS, 'rsa', 'RS256', provider.fetcher, NOW),
      jwks.key(JWKS, 'ec', 'ES256', provider.fetcher, NOW),
      jwks.key(JWKS, 'rsa', 'RS256', provider.fetcher, NOW),
    ])
    expect(keys.every((key) => key !== null)).toBe(true)
    expect(keys[0]).toBe(keys[2])
    expect(provider.paths()).toEqual(['/jwks'])
    expect(provider.seen[0]!.init?.redirect).toBe('manual')
    await jwks.key(JWKS, 'rsa', 'RS256', provider.fetcher, NOW + 10 * 60_000 - 1)
    expect(provider.seen).toHaveLength(1)
    await jwks.key(JWKS, 'rsa', 'RS256', provider.fetcher, NOW + 10 * 60_000)
    expect(provider.seen).toHaveLength(2)
  })

  it('refetches for an unknown kid at most every thirty seconds, however many arrive', async () => {
    const provider = await testProvider()
    const jwks = new JwksCache()
    await jwks.key(JWKS, 'rsa', 'RS256', provider.fetcher, NOW)
    const junk = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        jwks.key(JWKS, `junk-${i}`, 'RS256', provider.fetcher, NOW + 1_000 + i * 500),
      ),
    )
    expect(junk.every((key) => key === null)).toBe(true)
    expect(provider.seen).toHaveLength(1)
    expect(await jwks.key(JWKS, 'junk', 'RS256', provider.fetcher, NOW + 29_999)).toBeNull()
    expect(provider.seen).toHaveLength(1)
    // A key published since is found at the next allowed refetch.
    const fresh = await generateKeyPair('ES256')
    provider.keys.push({ ...(await exportJWK(fresh.publicKey)), kid: 'new' })
    expect(await jwks.key(JWKS, 'new', 'ES256', provider.fetcher, NOW + 30_000)).not.toBeNull()
    expect(provider.seen).toHaveLength(2)
    expect(await jwks.key(JWKS, 'junk', 'RS256', provider.fetcher, NOW + 59_999)).toBeNull()
    expect(provider.seen).toHaveLength(2)
  })

  it('needs a kid, and never uses a published key that has none', async () => {
    const provider = await testProvider()
    const { kid: _, ...anonymous } = provider.keys[0]!
    provider.keys.splice(0, provider.keys.length, anonymous as JWK)
    const jwks = new JwksCache()
    expect(await jwks.key(JWKS, '', 'RS256', provider.fetcher, NOW)).toBeNull()
    expect(provider.seen).toEqual([])
    expect(await jwks.key(JWKS, 'undefined', 'RS256', provider.fetcher, NOW)).toBeNull()
  })

  it('retries a set it could not fetch after five seconds, not before, and says it is unreachable', async () => {
    const provider = await testProvider()
    let up = false
    const flaky = async (url: string, init?: RequestInit) => {
      if (!up) {
        provider.seen.push({ url, init })
        throw new TypeError('connection refused')
      }
      return provider.fetcher(url, init)
    }
    const jwks = new JwksCache()
    await expect(jwks.key(JWKS, 'rsa', 'RS256', flaky, NOW)).rejects.toBeInstanceOf(
      ProviderUnreachable,
    )
    up = true
    await expect(jwks.key(JWKS, 'rsa', 'RS256', flaky, NOW + 4_999)).rejects.toBeInstanceOf(
      ProviderUnreachable,
    )
    expect(provider.seen).toHaveLength(1)
    expect(await jwks.key(JWKS, 'rsa', 'RS256', flaky, NOW + 5_000)).not.toBeNull()
    expect(provider.seen).toHaveLength(2)
  })

  it('imports a key rotated under a known kid anew', async () => {
    const provider = await testProvider()
    const jwks = new JwksCache()
    const first = await jwks.key(JWKS, 'ec', 'ES256', provider.fetcher, NOW)
    const rotated = await generateKeyPair('ES256')
    provider.keys[1] = { ...(await exportJWK(rotated.publicKey)), kid: 'ec' }
    const second = await jwks.key(JWKS, 'ec', 'ES256', provider.fetcher, NOW + 10 * 60_000)
    expect(second).not.toBeNull()
    expect(second).not.toBe(first)
  })

  it('pins each key to the algorithms its type, curve, alg, use and key_ops allow', async () => {
    const provider = await testProvider()
    const [rsa, ec] = provider.keys as [JWK, JWK]
    expect(keyFits(rsa, 'RS256')).toBe(true)
    expect(keyFits(rsa, 'PS256')).toBe(false) // its alg says RS256
    expect(keyFits({ ...rsa, alg: undefined }, 'PS256')).toBe(true)
    expect(keyFits(rsa, 'ES256')).toBe(false)
    expect(keyFits(ec, 'ES256')).toBe(true)
    expect(keyFits(ec, 'ES384')).toBe(false) // a P-256 key
    expect(keyFits(ec, 'RS256')).toBe(false)
    expect(keyFits({ ...ec, use: 'enc' }, 'ES256')).toBe(false)
    expect(keyFits({ ...ec, key_ops: ['encrypt'] }, 'ES256')).toBe(false)
    expect(keyFits({ ...ec, key_ops: ['verify'] }, 'ES256')).toBe(true)
    for (const alg of ['none', 'HS256', 'HS512', 'constructor', 'toString'])
      expect(keyFits({ kty: 'oct', k: 'c2VjcmV0' }, alg), alg).toBe(false)
    expect(keyFits({ ...rsa, alg: 'HS256' }, 'HS256')).toBe(false)
    const jwks = new JwksCache()
    expect(await jwks.key(JWKS, 'rsa', 'ES256', provider.fetcher, NOW)).toBeNull()
    expect(await jwks.key(JWKS, 'ec', 'RS256', provider.fetcher, NOW)).toBeNull()
  })
})
