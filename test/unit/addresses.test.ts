import { describe, expect, it } from 'vitest'
import { inRange, parseAddress, parseRange, type AddressRange } from '../../src/gateway/addresses'

const range = (text: string): AddressRange => {
  const parsed = parseRange(text)
  if (typeof parsed === 'string') throw new Error(parsed)
  return parsed
}
const within = (cidr: string, address: string) => inRange(range(cidr), parseAddress(address)!)

describe('trusted proxy addresses', () => {
  it('matches IPv4 and IPv6 ranges', () => {
    expect(within('10.0.0.0/8', '10.20.30.40')).toBe(true)
    expect(within('10.0.0.0/8', '11.0.0.1')).toBe(false)
    expect(within('127.0.0.1', '127.0.0.1')).toBe(true)
    expect(within('127.0.0.1', '127.0.0.2')).toBe(false)
    expect(within('2001:db8::/32', '2001:db8:1::5')).toBe(true)
    expect(within('2001:db8::/32', '2001:db9::5')).toBe(false)
    expect(within('::1', '0:0:0:0:0:0:0:1')).toBe(true)
    expect(within('0.0.0.0/0', '203.0.113.9')).toBe(true)
  })

  it('reads an IPv4-mapped IPv6 address as the IPv4 address it is', () => {
    expect(within('127.0.0.1', '::ffff:127.0.0.1')).toBe(true)
    expect(within('192.168.0.0/16', '[::ffff:192.168.1.1]')).toBe(true)
    expect(within('::1', '127.0.0.1')).toBe(false)
  })

  it('refuses what is not an address', () => {
    for (const text of [
      '',
      'localhost',
      '1.2.3',
      '1.2.3.4.5',
      '256.1.1.1',
      '01.2.3.4',
      '1::2::3',
      '10.0.0.0/33',
      '::/129',
      '1.2.3.4/x',
    ])
      expect(typeof parseRange(text), text).toBe('string')
    expect(parseAddress('not an address')).toBeUndefined()
  })
})
