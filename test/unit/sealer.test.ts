import { describe, expect, it } from 'vitest'
import { Sealer } from '../../src/crypto/aead'

const sealer = new Sealer(new Uint8Array(32).fill(7))

describe('sealed values', () => {
  it('opens what it sealed, for the same purpose and context only', async () => {
    const sealed = await sealer.seal('session', { user: 'a', n: 1 }, 'pool|client')
    expect(await sealer.open('session', sealed, 'pool|client')).toEqual({ user: 'a', n: 1 })
    expect(await sealer.open('other-purpose', sealed, 'pool|client')).toBeNull()
    expect(await sealer.open('session', sealed, 'pool|other-client')).toBeNull()
    expect(
      await new Sealer(new Uint8Array(32).fill(8)).open('session', sealed, 'pool|client'),
    ).toBeNull()
  })

  it('returns null for tampered or junk input instead of throwing', async () => {
    const sealed = await sealer.seal('p', 'value')
    const flipped = sealed.slice(0, 20) + (sealed[20] === 'A' ? 'B' : 'A') + sealed.slice(21)
    for (const junk of [flipped, '', 'a', '!!!!', 'x'.repeat(5000), sealed.slice(0, 30)])
      expect(await sealer.open('p', junk)).toBeNull()
  })

  it('refuses a short root secret', () => {
    expect(() => new Sealer(new Uint8Array(16))).toThrow()
  })
})
