import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The relying-party core is a foundation (dependency-cruiser holds its imports inside src); of
 * packages it may use jose alone: no web framework, and no fetch but the one it is given.
 */
describe('the OIDC relying-party core', () => {
  it('imports no package but jose', () => {
    const offenders: string[] = []
    for (const name of readdirSync('src/oidc')) {
      const text = readFileSync(join('src/oidc', name), 'utf8')
      for (const [, specifier] of text.matchAll(/\bfrom '([^']+)'/g))
        if (!specifier!.startsWith('.') && specifier !== 'jose')
          offenders.push(`${name}: ${specifier}`)
    }
    expect(offenders).toEqual([])
  })

  it('calls no global fetch: every request goes through the fetcher it is given', () => {
    const offenders = readdirSync('src/oidc').filter((name) =>
      /(?<![.\w])fetch\(/.test(readFileSync(join('src/oidc', name), 'utf8')),
    )
    expect(offenders).toEqual([])
  })
})
