import type { Sealer } from '../crypto/aead'
import { COOKIES, setCookie } from '../http/cookies'
import type { GatewaySession, SessionStore } from './session-store'

/** Largest value per cookie before the session is split into numbered chunks. */
const CHUNK_SIZE = 3800
const MAX_CHUNKS = 8
const PURPOSE = 'gateway-session'

const chunkName = (i: number) => `${COOKIES.gatewaySession}.${i}` as const

/** Refreshes in flight in this process, by refresh token: concurrent requests share one. */
const inflight = new Map<string, Promise<GatewaySession | null>>()

/**
 * Sessions sealed (AES-GCM) into the cookies themselves, for runtimes without state (Lambda@Edge).
 * The price, as with ALB's own session cookie: a copied cookie keeps working until it expires even
 * after logout (the refresh token is still revoked at the provider), refreshes are single-flight
 * only within one process, and the cookie is rewritten when the tokens change.
 */
export function cookieSessionStore(sealer: Sealer): SessionStore {
  const write = async (session: GatewaySession, previousChunks: number): Promise<string[]> => {
    const sealed = await sealer.seal(PURPOSE, session)
    const chunks = Math.ceil(sealed.length / CHUNK_SIZE)
    if (chunks > MAX_CHUNKS) throw new Error('gateway session too large for cookies')
    const out = Array.from({ length: chunks }, (_, i) =>
      setCookieChunk(i, sealed.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE)),
    )
    for (let i = chunks; i < previousChunks; i++) out.push(setCookieChunk(i, '', 0))
    return out
  }
  const chunksIn = (cookies: Record<string, string>): number => {
    let chunks = 0
    while (chunks < MAX_CHUNKS && cookies[chunkName(chunks)] !== undefined) chunks++
    return chunks
  }
  const clear = (chunks: number) =>
    Array.from({ length: Math.max(chunks, 1) }, (_, i) => setCookieChunk(i, '', 0))
  return {
    async load(cookies) {
      const chunks = chunksIn(cookies)
      if (chunks === 0) return null
      const sealed = Array.from({ length: chunks }, (_, i) => cookies[chunkName(i)]).join('')
      const session = await sealer.open<GatewaySession>(PURPOSE, sealed)
      return session ? { session, handle: String(chunks) } : null
    },
    create: (session) => write(session, 0),
    save: (loaded, session) => write(session, Number(loaded.handle)),
    async refresh(loaded, refresh) {
      const key = loaded.session.refreshToken ?? ''
      let flight = inflight.get(key)
      if (!flight) {
        flight = refresh(loaded.session).finally(() => inflight.delete(key))
        inflight.set(key, flight)
      }
      const session = await flight
      return {
        session,
        setCookies: session
          ? await write(session, Number(loaded.handle))
          : clear(Number(loaded.handle)),
      }
    },
    async end(cookies) {
      const loaded = await this.load(cookies)
      return { ended: loaded?.session ?? null, setCookies: clear(chunksIn(cookies)) }
    },
  }
}

/** One chunk's Set-Cookie: `__Host-pcl-gw-session.N`. */
const setCookieChunk = (index: number, value: string, maxAge?: number): string =>
  setCookie(chunkName(index), value, maxAge)
