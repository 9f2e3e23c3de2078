import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  DEFAULT_PASSWORD_HASH_PARAMETERS,
  MAX_PBKDF2_ITERATIONS_PER_CALL,
  PasswordHasher,
} from '../../src/crypto/password-hash'

const pepper = (id: string) => ({
  id,
  key: new Uint8Array(new TextEncoder().encode(`pepper-${id}`)),
})

afterEach(() => vi.restoreAllMocks())

describe('password hashing', () => {
  it('round-trips, refuses a wrong password and produces self-describing hashes', async () => {
    const hasher = new PasswordHasher([pepper('p1')], { iterationsPerRound: 1000, rounds: 2 })
    const hash = await hasher.hash('correct horse battery staple')
    expect(hash).toMatch(/^\$pcl-pbkdf2-sha256\$i=1000,r=2,p=p1\$/)
    expect(await hasher.verify('correct horse battery staple', hash)).toBe(true)
    expect(await hasher.verify('correct horse battery stapl', hash)).toBe(false)
    expect(await hasher.verify('anything', 'garbage')).toBe(false)
    expect(await hasher.hash('same')).not.toBe(await hasher.hash('same'))
  })

  it('treats NFC and NFD spellings of a password as the same password, and never truncates', async () => {
    const hasher = new PasswordHasher([pepper('p1')], { iterationsPerRound: 100, rounds: 1 })
    const hash = await hasher.hash('Caf\u00e9-Password-1')
    expect(await hasher.verify('Cafe\u0301-Password-1', hash)).toBe(true)
    const long = 'x'.repeat(200)
    const longHash = await hasher.hash(long)
    expect(await hasher.verify(long.slice(0, 199), longHash)).toBe(false)
  })

  it('asks for a rehash when parameters or the pepper change, and verifies with old peppers', async () => {
    const old = new PasswordHasher([pepper('p1')], { iterationsPerRound: 100, rounds: 1 })
    const hash = await old.hash('pw')
    const rotated = new PasswordHasher([pepper('p2'), pepper('p1')], {
      iterationsPerRound: 100,
      rounds: 1,
    })
    expect(rotated.needsRehash(hash)).toBe(true)
    expect(await rotated.verify('pw', hash)).toBe(true)
    expect(
      new PasswordHasher([pepper('p1')], { iterationsPerRound: 100, rounds: 2 }).needsRehash(hash),
    ).toBe(true)
    expect(old.needsRehash(hash)).toBe(false)
  })

  it('never asks PBKDF2 for more than 100,000 iterations in one call, while the default work factor is at least 600,000', async () => {
    let calls: number[] = []
    const original = crypto.subtle.deriveBits.bind(crypto.subtle)
    vi.spyOn(crypto.subtle, 'deriveBits').mockImplementation((algorithm, key, length) => {
      calls.push((algorithm as { iterations: number }).iterations)
      return original(algorithm, key, length)
    })
    const hasher = new PasswordHasher([pepper('p1')])
    const hash = await hasher.hash('Correct-Horse-9')
    const hashing = calls
    calls = []
    expect(await hasher.verify('Correct-Horse-9', hash)).toBe(true)
    for (const work of [hashing, calls]) {
      expect(work.length).toBeGreaterThan(1)
      expect(Math.max(...work)).toBeLessThanOrEqual(MAX_PBKDF2_ITERATIONS_PER_CALL)
      expect(work.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(600_000)
    }
    expect(MAX_PBKDF2_ITERATIONS_PER_CALL).toBe(100_000)
  })

  it('refuses parameters that production Workers would reject', () => {
    expect(
      () => new PasswordHasher([pepper('p1')], { iterationsPerRound: 100_001, rounds: 1 }),
    ).toThrow()
    expect(() => new PasswordHasher([], DEFAULT_PASSWORD_HASH_PARAMETERS)).toThrow()
  })

  it('refuses a stored hash claiming more than 100,000 iterations per call', async () => {
    const hasher = new PasswordHasher([pepper('p1')], { iterationsPerRound: 100, rounds: 1 })
    const hash = await hasher.hash('pw')
    expect(await hasher.verify('pw', hash.replace('i=100,', 'i=100001,'))).toBe(false)
  })
})
