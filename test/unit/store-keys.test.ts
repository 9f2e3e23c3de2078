import { describe, expect, it } from 'vitest'
import { storeKey, storeKeyPrefix } from '../../src/storage/keys'

describe('store keys', () => {
  it('spells keys without : or % in their leading parts as they always were', () => {
    expect(storeKey('user', 'alice')).toBe('user:alice')
    expect(storeKey('member', 'readers', 'alice')).toBe('member:readers:alice')
    expect(storeKey('idp-link', 'Google', '1234')).toBe('idp-link:Google:1234')
    // The last part is stored as given: resource servers are URLs, usernames may hold `:` or `%`.
    expect(storeKey('resource-server', 'https://api.example/v1')).toBe(
      'resource-server:https://api.example/v1',
    )
    expect(storeKey('member', 'readers', 'a:b%c')).toBe('member:readers:a:b%c')
    expect(storeKeyPrefix('user')).toBe('user:')
    expect(storeKeyPrefix('member', 'readers')).toBe('member:readers:')
  })

  it('never gives two different part lists the same key', () => {
    const lists = [
      ['a', 'b:c'],
      ['a:b', 'c'],
      ['a%3Ab', 'c'],
      ['a%', '3Ab:c'],
      ['a', '%3Ab:c'],
      ['', 'a:b:c'],
      ['a:', 'b:c'],
    ]
    const keys = lists.map((parts) => storeKey('member', ...parts))
    expect(new Set(keys).size).toBe(lists.length)
    expect(storeKey('member', 'a:b', 'c')).toBe('member:a%3Ab:c')
    expect(storeKey('member', 'a%3Ab', 'c')).toBe('member:a%253Ab:c')
  })

  it('keeps a prefix scan to the keys of exactly those leading parts', () => {
    const lists = [
      ['a', 'ann'],
      ['a', 'b:ann'],
      ['a:b', 'ann'],
      ['a%3Ab', 'ben'],
      ['ab', 'cat'],
      ['a:', 'dan'],
    ]
    const keys = lists.map((parts) => storeKey('member', ...parts))
    const scan = (group: string) =>
      keys.filter((key) => key.startsWith(storeKeyPrefix('member', group)))
    expect(scan('a')).toEqual(['member:a:ann', 'member:a:b:ann'])
    expect(scan('a:b')).toEqual(['member:a%3Ab:ann'])
    expect(scan('a%3Ab')).toEqual(['member:a%253Ab:ben'])
    expect(scan('a:')).toEqual(['member:a%3A:dan'])
  })
})
