import type { Sealer } from '../crypto/aead'
import { sha256Hex } from '../crypto/hash'
import { randomToken } from '../crypto/random'
import { COOKIES, clearCookie, setCookie } from '../http/cookies'
import type { SessionObjects, SessionRecord } from '../storage/session-keeper'
import type { GatewaySession, LoadedSession, SessionStore } from './session-store'

const PURPOSE = 'gateway-session'
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/
/** How long one refresh may take before another caller may try (a refresher that died). */
const REFRESH_LEASE_MS = 20_000

/**
 * Sessions in one GatewaySessionObject each, named by the SHA-256 of the cookie's random id (so
 * not even a storage dump yields a usable cookie); the tokens are sealed with the session's name
 * as associated data. The cookie never changes while the session lives.
 */
export function durableSessionStore(
  namespace: SessionObjects,
  sealer: Sealer,
  absoluteTimeoutSeconds: number,
): SessionStore {
  const objectFor = async (id: string) => {
    const name = await sha256Hex(id)
    return { name, stub: namespace.getByName(name) }
  }
  const seal = async (name: string, session: GatewaySession): Promise<SessionRecord> => ({
    sealed: await sealer.seal(PURPOSE, session, name),
    expiresAt: session.createdAt + absoluteTimeoutSeconds * 1000,
  })
  const open = (name: string, record: SessionRecord | null) =>
    record ? sealer.open<GatewaySession>(PURPOSE, record.sealed, name) : Promise.resolve(null)

  return {
    async load(cookies) {
      const id = cookies[COOKIES.gatewaySession]
      if (!id || !SESSION_ID.test(id)) return null
      const { name, stub } = await objectFor(id)
      const session = await open(name, await stub.read())
      return session ? { session, handle: id } : null
    },
    async create(session) {
      const id = randomToken(32)
      const { name, stub } = await objectFor(id)
      await stub.write(await seal(name, session))
      return [setCookie(COOKIES.gatewaySession, id)]
    },
    async save(loaded: LoadedSession, session) {
      const { name, stub } = await objectFor(loaded.handle)
      await stub.write(await seal(name, session))
      return []
    },
    async refresh(loaded, refresh) {
      const { name, stub } = await objectFor(loaded.handle)
      const turn = await stub.beginRefresh(REFRESH_LEASE_MS)
      if ('record' in turn) return { session: await open(name, turn.record), setCookies: [] }
      // The stored copy, not the caller's: another caller may have refreshed since it loaded.
      const current = (await open(name, await stub.read())) ?? loaded.session
      let next: GatewaySession | null
      try {
        next = await refresh(current)
      } catch (error) {
        // The provider could not be asked: the session stays as it was for a later try.
        await stub.completeRefresh(turn.lease, await seal(name, current))
        throw error
      }
      await stub.completeRefresh(turn.lease, next ? await seal(name, next) : null)
      return { session: next, setCookies: next ? [] : [clearCookie(COOKIES.gatewaySession)] }
    },
    async end(cookies) {
      const id = cookies[COOKIES.gatewaySession]
      const setCookies = [clearCookie(COOKIES.gatewaySession)]
      if (!id || !SESSION_ID.test(id)) return { ended: null, setCookies }
      const { name, stub } = await objectFor(id)
      return { ended: await open(name, await stub.remove()), setCookies }
    },
  }
}
