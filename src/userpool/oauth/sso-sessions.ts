import { toBase64Url } from '../../crypto/encoding'
import { sha256 } from '../../crypto/hash'
import { randomToken } from '../../crypto/random'
import { getUserByUsername, userPartition, type LoadedUser } from '../store/directory'
import { forgetSsoSession, readSsoSession, recordSsoSession } from '../store/sessions'
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
  /** The sign-in's auth event, when threat protection recorded it: the `event_id` of every token the session hands out. */
  eventId?: string
}

const hashSecret = async (secret: string) => toBase64Url(await sha256(secret))

/** The partition and secret hash a cookie names, when it is well-formed for this pool. */
async function parseCookie(
  pool: UserPoolConfig,
  cookie: string | undefined,
): Promise<{ partition: number; secretHash: string } | null> {
  const match = cookie ? /^(\d{1,3})\.([A-Za-z0-9_-]{43})$/.exec(cookie) : null
  if (!match || Number(match[1]) >= pool.partitions) return null
  return { partition: Number(match[1]), secretHash: await hashSecret(match[2]!) }
}

/**
 * Starts a hosted-UI session after a sign-in; returns the opaque cookie value
 * (`<partition>.<secret>`; the server keeps only a hash, so logout and global sign-out end it).
 */
export async function startSsoSession(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  authTime: number,
  eventId?: string,
): Promise<string> {
  const partition = userPartition(pool, username)
  const secret = randomToken(32)
  const now = services.now()
  const session: SsoSession = {
    username,
    authTime,
    createdAt: now,
    lastSeenAt: now,
    ...(eventId ? { eventId } : {}),
  }
  await recordSsoSession(
    services,
    pool,
    partition,
    await hashSecret(secret),
    session,
    now + ABSOLUTE_MS,
  )
  return `${partition}.${secret}`
}

/** The live session a cookie names, with its user; null when absent, expired, idle or signed out. */
export async function resumeSsoSession(
  services: UserPoolServices,
  pool: UserPoolConfig,
  cookie: string | undefined,
): Promise<{ loaded: LoadedUser; authTime: number; eventId?: string } | null> {
  const named = await parseCookie(pool, cookie)
  if (!named) return null
  const session = await readSsoSession<SsoSession>(
    services,
    pool,
    named.partition,
    named.secretHash,
  )
  if (!session) return null
  const now = services.now()
  if (now - session.lastSeenAt > IDLE_MS || now - session.createdAt > ABSOLUTE_MS) return null
  const loaded = await getUserByUsername(services, pool, session.username)
  if (
    !loaded?.user.enabled ||
    (loaded.user.status !== 'CONFIRMED' && loaded.user.status !== 'EXTERNAL_PROVIDER')
  )
    return null
  if (startedBeforeValidity(loaded.user, session.createdAt)) return null
  const seen: SsoSession = { ...session, lastSeenAt: now }
  await recordSsoSession(
    services,
    pool,
    named.partition,
    named.secretHash,
    seen,
    session.createdAt + ABSOLUTE_MS,
  )
  return {
    loaded,
    authTime: session.authTime,
    ...(session.eventId ? { eventId: session.eventId } : {}),
  }
}

/** Ends a session server-side (logout). Unknown cookies are ignored. */
export async function endSsoSession(
  services: UserPoolServices,
  pool: UserPoolConfig,
  cookie: string | undefined,
): Promise<void> {
  const named = await parseCookie(pool, cookie)
  if (named) await forgetSsoSession(services, pool, named.partition, named.secretHash)
}
