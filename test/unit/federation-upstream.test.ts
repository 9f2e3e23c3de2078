import { afterEach, describe, expect, it, vi } from 'vitest'
import { TemporarilyUnavailable } from '../../src/errors/oauth'
import type { IdentityProvider } from '../../src/userpool/identity-providers/identity-providers'
import {
  redeemUpstreamCode,
  upstreamMetadata,
} from '../../src/userpool/identity-providers/upstream-oidc'
import { CLIENT, ISSUER, NOW, idClaims, testProvider } from './support/oidc-provider'

/** A provider entry for an upstream at `issuer` (each test its own, so no cache is shared). */
const upstream = (issuer: string): IdentityProvider => ({
  UserPoolId: 'us-east-1_Test',
  ProviderName: 'Upstream',
  ProviderType: 'OIDC',
  ProviderDetails: { client_id: CLIENT, client_secret: 's', oidc_issuer: issuer },
  AttributeMapping: {},
  IdpIdentifiers: [],
  CreationDate: 0,
  LastModifiedDate: 0,
})

async function statusOf(promise: Promise<unknown>): Promise<number> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(TemporarilyUnavailable)
  return (error as TemporarilyUnavailable).status
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('federation through the relying-party core', () => {
  it('answers an unreachable upstream with 503 and one it will not follow with 502', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('connection refused')
    })
    expect(await statusOf(upstreamMetadata(upstream('https://down.example'), NOW))).toBe(503)
    expect(await statusOf(upstreamMetadata(upstream('https://10.0.0.1'), NOW))).toBe(502)
    vi.stubGlobal('fetch', async () => new Response(null, { status: 302 }))
    expect(await statusOf(upstreamMetadata(upstream('https://moved.example'), NOW))).toBe(502)
    vi.stubGlobal('fetch', async () => Response.json({ issuer: 'https://evil.example' }))
    expect(await statusOf(upstreamMetadata(upstream('https://liar.example'), NOW))).toBe(502)
  })

  it('redeems a code, checks the ID token and its nonce, and merges userinfo for the same sub', async () => {
    const provider = await testProvider()
    vi.stubGlobal('fetch', provider.fetcher)
    const token = await provider.sign(idClaims())
    provider.routes['/token'] = () => Response.json({ id_token: token, access_token: 'at' })
    const entry = upstream(ISSUER)
    const metadata = await upstreamMetadata(entry, NOW)
    const input = { code: 'c', redirectUri: 'https://rp/cb', verifier: 'v', now: NOW }
    const claims = await redeemUpstreamCode(entry, metadata, { ...input, nonce: 'the-nonce' })
    expect(claims).toMatchObject({ sub: 'alice', email: 'alice@example.com' })
    await expect(
      redeemUpstreamCode(entry, metadata, { ...input, nonce: 'another' }),
    ).rejects.toThrow(/nonce/)
    provider.routes['/token'] = () => new Response('<html>', { status: 502 })
    expect(
      await statusOf(redeemUpstreamCode(entry, metadata, { ...input, nonce: 'the-nonce' })),
    ).toBe(503)
  })
})
