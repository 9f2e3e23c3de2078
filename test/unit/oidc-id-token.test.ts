import { base64url, exportJWK, generateKeyPair, importJWK, SignJWT, UnsecuredJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { ASYMMETRIC_ALGORITHMS, COMMON_ALGORITHMS } from '../../src/oidc/algorithms'
import { verifyIdToken, type IdTokenCheck } from '../../src/oidc/id-token'
import { JwksCache } from '../../src/oidc/jwks'
import {
  CLIENT,
  ISSUER,
  NOW,
  NOW_S,
  idClaims,
  reasonOf,
  testProvider,
} from './support/oidc-provider'

const provider = await testProvider()

const check = (extra: Partial<IdTokenCheck> = {}): IdTokenCheck => ({
  provider: provider.metadata,
  jwks: new JwksCache(),
  algorithms: COMMON_ALGORITHMS,
  clientId: CLIENT,
  nonce: 'the-nonce',
  skewSeconds: 60,
  now: NOW,
  ...extra,
})

const verdict = (token: string, extra: Partial<IdTokenCheck> = {}) =>
  reasonOf(verifyIdToken(token, check(extra)))

describe('ID-token verification', () => {
  it('accepts a good token, with RS256 from the RSA key and ES256 from the EC key', async () => {
    const claims = await verifyIdToken(await provider.sign(idClaims()), check())
    expect(claims).toMatchObject({ sub: 'alice', iss: ISSUER, aud: CLIENT })
    expect(await verdict(await provider.sign(idClaims(), { alg: 'ES256', kid: 'ec' }))).toBe(
      'accepted',
    )
  })

  it('refuses alg none, whatever the allow-list says', async () => {
    const unsigned = new UnsecuredJWT(idClaims()).encode()
    expect(await verdict(unsigned)).toBe('algorithm not allowed')
    const withKid = `${base64url.encode(JSON.stringify({ alg: 'none', kid: 'rsa' }))}.${unsigned.split('.')[1]}.`
    expect(await verdict(withKid, { algorithms: [...ASYMMETRIC_ALGORITHMS, 'none'] })).not.toBe(
      'accepted',
    )
  })

  it('refuses HS256 signed with the public key, even when HS256 is on the allow-list', async () => {
    const publicJwk = provider.keys[0]!
    for (const secret of [
      new TextEncoder().encode(JSON.stringify(publicJwk)),
      base64url.decode(publicJwk.n!),
    ]) {
      const forged = await new SignJWT(idClaims())
        .setProtectedHeader({ alg: 'HS256', kid: 'rsa' })
        .sign(secret)
      expect(await verdict(forged)).toBe('algorithm not allowed')
      expect(await verdict(forged, { algorithms: ['HS256', ...COMMON_ALGORITHMS] })).toBe(
        'unknown signing key',
      )
    }
  })

  it('refuses a signature made for a key of another type than the kid names', async () => {
    // ES256 with the EC private key, naming the RSA key; RS256 naming the EC key.
    expect(await verdict(await provider.sign(idClaims(), { alg: 'ES256', kid: 'rsa' }))).toBe(
      'unknown signing key',
    )
    expect(await verdict(await provider.sign(idClaims(), { alg: 'RS256', kid: 'ec' }))).toBe(
      'unknown signing key',
    )
    // PS256 by the RSA key, whose published alg is RS256.
    const pss = await importJWK(await exportJWK(provider.rsa.privateKey), 'PS256')
    expect(
      await verdict(await provider.sign(idClaims(), { alg: 'PS256', key: pss as CryptoKey }), {
        algorithms: ASYMMETRIC_ALGORITHMS,
      }),
    ).toBe('unknown signing key')
  })

  it('needs a kid, and takes keys only from the JWKS (an embedded jwk is not looked at)', async () => {
    expect(await verdict(await provider.sign(idClaims(), { kid: '' }))).toBe('kid required')
    const attacker = await generateKeyPair('RS256')
    const embedded = await new SignJWT(idClaims())
      .setProtectedHeader({
        alg: 'RS256',
        kid: 'rsa',
        jwk: await exportJWK(attacker.publicKey),
        jku: 'https://evil.example/jwks',
      })
      .sign(attacker.privateKey)
    expect(await verdict(embedded)).toBe('invalid token')
    expect(await verdict(await provider.sign(idClaims(), { kid: 'nobody' }))).toBe(
      'unknown signing key',
    )
  })

  it('refuses another issuer, and a token that is not a JWT at all', async () => {
    expect(await verdict(await provider.sign(idClaims({ iss: 'https://evil.example' })))).toBe(
      'invalid token',
    )
    expect(await verdict(await provider.sign(idClaims({ iss: `${ISSUER}/` })))).toBe(
      'invalid token',
    )
    expect(await verdict('not.a.jwt')).toBe('malformed token')
    expect(await verdict('')).toBe('malformed token')
  })

  it('honours exp, nbf and iat exactly to the edge of the skew', async () => {
    const at = async (claims: Record<string, unknown>) =>
      verdict(await provider.sign(idClaims(claims)))
    expect(await at({ exp: NOW_S - 59 })).toBe('accepted')
    expect(await at({ exp: NOW_S - 60 })).toBe('invalid token')
    expect(await at({ nbf: NOW_S + 60 })).toBe('accepted')
    expect(await at({ nbf: NOW_S + 61 })).toBe('invalid token')
    expect(await at({ iat: NOW_S + 60 })).toBe('accepted')
    expect(await at({ iat: NOW_S + 61 })).toBe('invalid token')
    const strict = async (claims: Record<string, unknown>) =>
      verdict(await provider.sign(idClaims(claims)), { skewSeconds: 0 })
    expect(await strict({ exp: NOW_S + 1 })).toBe('accepted')
    expect(await strict({ exp: NOW_S })).toBe('invalid token')
    expect(await strict({ iat: NOW_S + 1 })).toBe('invalid token')
  })

  it('needs exp, iat and sub', async () => {
    for (const missing of ['exp', 'iat', 'sub'])
      expect(await verdict(await provider.sign(idClaims({ [missing]: undefined }))), missing).toBe(
        'invalid token',
      )
    expect(await verdict(await provider.sign(idClaims({ sub: 42 })))).toBe('invalid token')
  })

  it('needs our client id in aud, and azp naming us when there are several audiences', async () => {
    const at = async (claims: Record<string, unknown>) =>
      verdict(await provider.sign(idClaims(claims)))
    expect(await at({ aud: 'someone-else' })).toBe('invalid token')
    expect(await at({ aud: [CLIENT] })).toBe('accepted')
    expect(await at({ aud: [CLIENT, 'someone-else'] })).toBe('invalid token')
    expect(await at({ aud: [CLIENT, 'someone-else'], azp: CLIENT })).toBe('accepted')
    expect(await at({ aud: [CLIENT, 'someone-else'], azp: 'someone-else' })).toBe('invalid token')
    expect(await at({ azp: 'someone-else' })).toBe('invalid token')
    expect(await at({ azp: CLIENT })).toBe('accepted')
  })

  it('needs the nonce that was sent, when one was', async () => {
    expect(await verdict(await provider.sign(idClaims({ nonce: 'another' })))).toBe(
      'nonce mismatch',
    )
    expect(await verdict(await provider.sign(idClaims({ nonce: undefined })))).toBe(
      'nonce mismatch',
    )
    expect(await verdict(await provider.sign(idClaims({ nonce: 'the-nonce ' })))).toBe(
      'nonce mismatch',
    )
    // A refresh sent none: whatever the token carries is not checked.
    expect(
      await verdict(await provider.sign(idClaims({ nonce: undefined })), { nonce: undefined }),
    ).toBe('accepted')
  })
})
