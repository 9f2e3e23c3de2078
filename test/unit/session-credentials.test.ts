import { describe, expect, it } from 'vitest'
import { Sealer } from '../../src/crypto/aead'
import {
  openSessionCredentials,
  type SessionClaims,
  vendSessionCredentials,
} from '../../src/iam/sessions/session-credentials'

const sealer = new Sealer(new Uint8Array(32).fill(3))
const T0 = 1_800_000_000
const claims: SessionClaims = {
  roleArn: 'arn:aws:iam::000000000000:role/auth',
  identityId: 'us-east-1:11111111-1111-1111-1111-111111111111',
  identityPoolId: 'us-east-1:22222222-2222-2222-2222-222222222222',
  amr: ['authenticated', 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc'],
  aud: 'us-east-1:22222222-2222-2222-2222-222222222222',
  iat: T0,
  exp: T0 + 3600,
}

describe('session credentials', () => {
  it('vends an ASIA key whose token opens, with the same derived secret, until it expires', async () => {
    const vended = await vendSessionCredentials(sealer, claims)
    expect(vended.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/)
    expect(vended.Expiration).toBe(T0 + 3600)
    const opened = await openSessionCredentials(
      sealer,
      vended.AccessKeyId,
      vended.SessionToken,
      T0 + 10,
    )
    expect(opened).toEqual({ claims, secretKey: vended.SecretKey })
    // The injected clock moves past the expiry.
    expect(
      await openSessionCredentials(sealer, vended.AccessKeyId, vended.SessionToken, T0 + 3600),
    ).toBe('expired')
  })

  it('refuses a token presented with another access key, tampered, or sealed by another root', async () => {
    const a = await vendSessionCredentials(sealer, claims)
    const b = await vendSessionCredentials(sealer, claims)
    expect(a.AccessKeyId).not.toBe(b.AccessKeyId)
    expect(a.SecretKey).not.toBe(b.SecretKey)
    expect(await openSessionCredentials(sealer, b.AccessKeyId, a.SessionToken, T0)).toBeNull()
    const t = a.SessionToken
    const tampered = t.slice(0, 30) + (t[30] === 'A' ? 'B' : 'A') + t.slice(31)
    expect(await openSessionCredentials(sealer, a.AccessKeyId, tampered, T0)).toBeNull()
    expect(await openSessionCredentials(sealer, a.AccessKeyId, 'junk', T0)).toBeNull()
    expect(await openSessionCredentials(sealer, 'AKIAIOSFODNN7EXAMPLE', t, T0)).toBeNull()
    const other = new Sealer(new Uint8Array(32).fill(4))
    expect(await openSessionCredentials(other, a.AccessKeyId, t, T0)).toBeNull()
  })
})
