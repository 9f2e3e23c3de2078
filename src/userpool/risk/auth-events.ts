import type { UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { normalizeUsername, userStore } from '../store/directory'
import { directoryKeys } from '../store/directory-keys'
import type { RiskLevel, RiskReason } from './risk-model'
import type { RequestSignals } from './signals'

/** EventType. */
export type AuthEventType = 'SignIn' | 'SignUp' | 'ForgotPassword' | 'PasswordChange' | 'ResendCode'

/** ChallengeResponseType. */
export interface ChallengeResult {
  ChallengeName: 'Password' | 'Mfa'
  ChallengeResponse: 'Success' | 'Failure'
}

/** One auth event of a user, as stored (AdminListUserAuthEvents shapes it as AuthEventType). */
export interface AuthEvent {
  eventId: string
  username: string
  type: AuthEventType
  /** Epoch milliseconds. */
  at: number
  response: 'Pass' | 'Fail' | 'InProgress'
  decision: 'NoRisk' | 'AccountTakeover' | 'Block'
  level?: RiskLevel
  reasons: RiskReason[]
  compromisedCredentials?: boolean
  challenges: ChallengeResult[]
  signals: RequestSignals
  feedback?: { value: 'Valid' | 'Invalid'; provider: 'Admin' | 'User'; at: number }
}

/** Cognito keeps a user's event history for two years. */
const RETENTION_MS = 2 * 365 * 24 * 3_600_000
/** Sort keys count down from here, so a prefix scan lists a user's events newest first. */
const LATEST = 10 ** 15

const sortKeyOf = (event: Pick<AuthEvent, 'at' | 'eventId'>): string =>
  `${String(LATEST - event.at).padStart(16, '0')}.${event.eventId}`

/** Events are filed by the name as the pool compares names, beside the user record. */
const filedAs = (pool: UserPoolConfig, username: string) => normalizeUsername(pool, username)

/** Stores a new event (and its id → position entry) with the user's records. */
export async function recordAuthEvent(
  services: UserPoolServices,
  pool: UserPoolConfig,
  event: AuthEvent,
): Promise<void> {
  const name = filedAs(pool, event.username)
  const sortKey = sortKeyOf(event)
  const expiresAt = event.at + RETENTION_MS
  await userStore(services, pool, event.username).commit({
    put: [
      { key: directoryKeys.authEvent(name, sortKey), value: event, expiresAt },
      { key: directoryKeys.authEventId(name, event.eventId), value: sortKey, expiresAt },
    ],
  })
}

/** A page of a user's events, newest first; `next` is where the following page starts. */
export async function listAuthEvents(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  limit: number,
  after?: string,
): Promise<{ events: AuthEvent[]; next?: string }> {
  const name = filedAs(pool, username)
  const page = await userStore(services, pool, username).list<AuthEvent>(
    directoryKeys.authEventPrefix(name),
    { limit, ...(after ? { after: directoryKeys.authEvent(name, after) } : {}) },
  )
  const events = page.records.map((record) => record.value)
  const last = events.at(-1)
  return page.next && last ? { events, next: sortKeyOf(last) } : { events }
}

/** Changes one event of a user by compare-and-set; null when the user has no event of that id. */
export async function updateAuthEvent(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  eventId: string,
  change: (event: AuthEvent) => AuthEvent,
): Promise<AuthEvent | null> {
  const name = filedAs(pool, username)
  const store = userStore(services, pool, username)
  for (let attempt = 0; attempt < 3; attempt++) {
    const position = await store.get<string>(directoryKeys.authEventId(name, eventId))
    if (!position) return null
    const key = directoryKeys.authEvent(name, position.value)
    const current = await store.get<AuthEvent>(key)
    if (!current) return null
    const next = change(current.value)
    const result = await store.commit({
      expect: [{ key, version: current.version }],
      put: [{ key, value: next, expiresAt: current.value.at + RETENTION_MS }],
    })
    if (result.ok) return next
  }
  return null
}
