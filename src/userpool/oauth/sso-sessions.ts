import { toBase64Url } from '../../crypto/encoding'
import { sha256 } from '../../crypto/hash'
import { randomToken } from '../../crypto/random'
import { storeKey } from '../../storage/keys'
import { getUserByUsername, userPartition, type LoadedUser } from '../store/directory'
import type { UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { startedBeforeValidity } from '../tokens/token-validity'

/** Hosted-UI session limits: idle and absolute. */
const IDLE_MS = 60 * 60 * 1000
const ABSOLUTE_MS = 12 * 60 * 60 * 1000

interface SsoSession {
  username: string
  authTime: number
  createdAt: number
  lastSeenAt: number
}

const sessionKey = async (secret: string) => storeKey('sso', toBase64Url(await sha256(secret)))

/**
 * Starts a hosted-UI session after a sign-in; returns the opaque cookie value
 * (`<partition>.<secret>`; the server keeps only a hash, so logout and global sign-out end it).
 */
export async function startSsoSession(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  authTime: number,
): Promise<string> {
  const partition = userPartition(pool, username)
  const secret = randomToken(32)
  const now = services.now()
  const session: SsoSession = { username, authTime, createdAt: now, lastSeenAt: now }
  await services.stores.directory(pool.Id, partition).commit({
    put: [{ key: await sessionKey(secret), value: session, expiresAt: now + ABSOLUTE_MS }],
  })
  return `${partition}.${secret}`
}

/** The live session a cookie names, with its user; null when absent, expired, idle or signed out. */
export async function resumeSsoSession(
  services: UserPoolServices,
  pool: UserPoolConfig,
  cookie: string | undefined,
): Promise<{ loaded: LoadedUser; authTime: number } | null> {
  const match = cookie ? /^(\d{1,3})\.([A-Za-z0-9_-]{43})$/.exec(cookie) : null
  if (!match || Number(match[1]) >= pool.partitions) return null
  const store = services.stores.directory(pool.Id, Number(match[1]))
  const key = await sessionKey(match[2]!)
  const record = await store.get<SsoSession>(key)
  if (!record) return null
  const now = services.now()
  const session = record.value
  if (now - session.lastSeenAt > IDLE_MS || now - session.createdAt > ABSOLUTE_MS) return null
  const loaded = await getUserByUsername(services, pool, session.username)
  if (
    !loaded?.user.enabled ||
    (loaded.user.status !== 'CONFIRMED' && loaded.user.status !== 'EXTERNAL_PROVIDER')
  )
    return null
  if (startedBeforeValidity(loaded.user, session.createdAt)) return null
  await store.commit({
    put: [
      { key, value: { ...session, lastSeenAt: now }, expiresAt: session.createdAt + ABSOLUTE_MS },
    ],
  })
  return { loaded, authTime: session.authTime }
}

/** Ends a session server-side (logout). Unknown cookies are ignored. */
export async function endSsoSession(
  services: UserPoolServices,
  pool: UserPoolConfig,
  cookie: string | undefined,
): Promise<void> {
  const match = cookie ? /^(\d{1,3})\.([A-Za-z0-9_-]{43})$/.exec(cookie) : null
  if (!match || Number(match[1]) >= pool.partitions) return
  await services.stores
    .directory(pool.Id, Number(match[1]))
    .commit({ delete: [await sessionKey(match[2]!)] })
}
