import { importJWK, importSPKI, jwtVerify, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { derivedP256Jwk } from '../../src/crypto/derived-p256'
import { derivedGatewaySigner } from '../../src/gateway/signer'

const secret = (fill: number) => new Uint8Array(32).fill(fill)
const LABEL = 'test/derived-p256'

describe('a P-256 key derived from a secret', () => {
  it('is the same key, with the same kid, whenever the same secret and label derive it', async () => {
    const first = await derivedP256Jwk(secret(1), LABEL)
    const again = await derivedP256Jwk(secret(1), LABEL)
    expect(again).toEqual(first)
    expect(first.kid).toMatch(/^[\w-]{43}$/)
  })

  it('differs for another secret or another label', async () => {
    const keys = await Promise.all([
      derivedP256Jwk(secret(1), LABEL),
      derivedP256Jwk(secret(2), LABEL),
      derivedP256Jwk(secret(1), `${LABEL}/other`),
    ])
    expect(new Set(keys.map((key) => key.d)).size).toBe(3)
    expect(new Set(keys.map((key) => key.kid)).size).toBe(3)
  })

  it('verifies what it signs: its public point is its private scalar’s', async () => {
    const jwk = await derivedP256Jwk(secret(3), LABEL)
    const { d: _private, ...publicJwk } = jwk
    const token = await new SignJWT({ sub: 'alice' })
      .setProtectedHeader({ alg: 'ES256', kid: jwk.kid })
      .sign(await importJWK(jwk, 'ES256'))
    const { payload } = await jwtVerify(token, await importJWK(publicJwk, 'ES256'))
    expect(payload.sub).toBe('alice')
    const { d: _otherPrivate, ...otherPublic } = await derivedP256Jwk(secret(4), LABEL)
    await expect(jwtVerify(token, await importJWK(otherPublic, 'ES256'))).rejects.toThrow()
  })

  it('gives the gateway a stable signer whose published key verifies its headers', async () => {
    const signer = await derivedGatewaySigner(secret(5))
    expect((await derivedGatewaySigner(secret(5))).kid).toBe(signer.kid)
    expect((await derivedGatewaySigner(secret(6))).kid).not.toBe(signer.kid)
    const token = await signer.sign({ typ: 'JWT' }, { sub: 'bob' })
    const { payload, protectedHeader } = await jwtVerify(
      token,
      await importSPKI(await signer.publicKeyPem(), 'ES256'),
    )
    expect(payload.sub).toBe('bob')
    expect(protectedHeader.kid).toBe(signer.kid)
  })
})
