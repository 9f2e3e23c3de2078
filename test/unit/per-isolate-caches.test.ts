import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/** Every TypeScript file under src. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : []
  })
}

/**
 * A Map kept at module scope (or in a long-lived object) lives as long as the isolate. Keyed by
 * anything a caller chooses (a Host header, a ClientId, a kid) it is a memory leak anyone can
 * drive, so every such cache is a BoundedCache. A Map that empties itself (in-flight work) may be
 * allowed here, with the reason beside it.
 */
const ALLOWED = new Map([
  [
    'src/gateway/cookie-session-store.ts',
    'refreshes in flight: each entry is removed when it settles',
  ],
  ['src/crypto/aead.ts', 'derived keys by purpose: the purposes are names in the code'],
  ['src/security/attempt-ledger.ts', 'one token bucket per kind of allowance, named in the code'],
  ['src/storage/bounded-cache.ts', 'the bounded cache itself'],
  ['src/storage/memory/memory-record-store.ts', 'the in-memory store for tests is its data'],
  [
    'src/userpool/triggers/user-migration.ts',
    'migrations in flight: the last of a name removes its entry when it settles',
  ],
])

describe('per-isolate caches', () => {
  it('are all bounded: no module-level or class-field Map but the allowed ones', () => {
    const offenders: string[] = []
    for (const file of sources('src')) {
      const text = readFileSync(file, 'utf8')
      for (const line of text.split('\n')) {
        const moduleLevel = /^(export )?(const|let) \w+ = new Map\b/.test(line)
        const classField = /^ {2}private (readonly )?\w+ = new Map\b/.test(line)
        if ((moduleLevel || classField) && !ALLOWED.has(file))
          offenders.push(`${file}: ${line.trim()}`)
      }
    }
    expect(offenders).toEqual([])
  })
})
