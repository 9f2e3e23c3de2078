import { describe, expect, it } from 'vitest'
import { normalizePath } from '../../src/gateway/request-path'

describe('the one path the gateway judges and forwards', () => {
  it('decodes percent-encoded unreserved characters and upper-cases the other escapes', () => {
    expect(normalizePath('/files/%61dmin/%7euser')).toEqual({
      ok: true,
      path: '/files/admin/~user',
    })
    expect(normalizePath('/a%20b/c%3fd')).toEqual({ ok: true, path: '/a%20b/c%3Fd' })
    expect(normalizePath('/caf%C3%A9/')).toEqual({ ok: true, path: '/caf%C3%A9/' })
    expect(normalizePath('/')).toEqual({ ok: true, path: '/' })
  })

  it.each([
    ['/a/..%2fb', 'escape %2F'],
    ['/a/%2e%2e/b', 'escape %2E'],
    ['/a/%5cb', 'escape %5C'],
    ['/a/%3bb', 'escape %3B'],
    ['/a/%00', 'escape %00'],
    ['/a/%0d%0a', 'escape %0D'],
    ['/a/%252f', 'double-encoded'],
    ['/a;b/c', 'a ;'],
    ['/a\\b', 'backslash'],
    ['//a', 'empty segment'],
    ['/a//b', 'empty segment'],
    ['/a/./b', 'dot segment'],
    ['/a/../b', 'dot segment'],
    ['/a/%2', 'malformed'],
    ['/a/%zz', 'malformed'],
    ['/a b', 'space'],
    ['a/b', 'must start with /'],
  ])('refuses %s (%s)', (path, reason) => {
    const verdict = normalizePath(path)
    expect(verdict.ok).toBe(false)
    if (!verdict.ok) expect(verdict.reason).toContain(reason)
  })

  it('keeps a literal percent that cannot become a separator', () => {
    expect(normalizePath('/100%25')).toEqual({ ok: true, path: '/100%25' })
    expect(normalizePath('/100%2541')).toEqual({ ok: true, path: '/100%2541' })
  })

  it('is stable: a normalised path normalises to itself (property test)', () => {
    let seed = 7
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed
    }
    const pieces = [
      'a',
      'B',
      '/',
      '%41',
      '%2f',
      '%25',
      '%7E',
      '~',
      '.',
      '..',
      ';',
      '\\',
      '%c3%a9',
      '-',
      '_',
    ]
    for (let i = 0; i < 2000; i++) {
      let path = '/'
      for (let j = next() % 8; j > 0; j--) path += pieces[next() % pieces.length]
      const first = normalizePath(path)
      if (!first.ok) continue
      expect(normalizePath(first.path), path).toEqual(first)
    }
  })
})
