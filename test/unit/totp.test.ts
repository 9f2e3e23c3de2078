import { describe, expect, it } from 'vitest'
import { acceptedTotpStep, newTotpSecret } from '../../src/crypto/totp'

// RFC 6238 Appendix B's SHA-1 secret, "12345678901234567890", in base32.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'

describe('TOTP (RFC 6238)', () => {
  it('accepts the RFC test vectors (last six digits) at their times', async () => {
    expect(await acceptedTotpStep(RFC_SECRET, '287082', 59_000)).toBe(1)
    expect(await acceptedTotpStep(RFC_SECRET, '081804', 1_111_111_109_000)).toBe(37_037_036)
    expect(await acceptedTotpStep(RFC_SECRET, '050471', 1_111_111_111_000)).toBe(37_037_037)
    expect(await acceptedTotpStep(RFC_SECRET, '005924', 1_234_567_890_000)).toBe(41_152_263)
  })

  it('allows one step of drift either way, never a step already used, and nothing but six digits', async () => {
    expect(await acceptedTotpStep(RFC_SECRET, '081804', 1_111_111_109_000 + 30_000)).toBe(
      37_037_036,
    )
    expect(await acceptedTotpStep(RFC_SECRET, '081804', 1_111_111_109_000 + 60_000)).toBeNull()
    expect(await acceptedTotpStep(RFC_SECRET, '081804', 1_111_111_109_000, 37_037_036)).toBeNull()
    expect(await acceptedTotpStep(RFC_SECRET, '81804', 1_111_111_109_000)).toBeNull()
  })

  it('makes 160-bit base32 secrets', () => {
    const secrets = new Set(Array.from({ length: 20 }, () => newTotpSecret()))
    expect(secrets.size).toBe(20)
    for (const secret of secrets) expect(secret).toMatch(/^[A-Z2-7]{32}$/)
  })
})
