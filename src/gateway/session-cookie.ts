import type { Sealer } from '../crypto/aead'

/** Largest value per cookie before the session is split into numbered chunks. */
const CHUNK_SIZE = 3800
const MAX_CHUNKS = 8
/** Every cookie the gateway sets starts with this; none of them is forwarded to an origin. */
export const GATEWAY_COOKIE_PREFIX = '__Host-pcl-gw-'
export const SESSION_COOKIE = '__Host-pcl-gw-session'
export const FLOW_COOKIE = '__Host-pcl-gw-flow'

/**
 * A browser session. Claims are not stored: they are read from the tokens (verified when the
 * session was made, and sealed since), which keeps the cookie half the size.
 */
export interface GatewaySession {
  provider: string
  accessToken: string
  idToken?: string
  refreshToken?: string
  /** Epoch seconds when the access token expires. */
  accessExpiresAt: number
  createdAt: number
  lastSeenAt: number
}

const attributes = (maxAge?: number) =>
  `Path=/; Secure; HttpOnly; SameSite=Lax${maxAge !== undefined ? `; Max-Age=${maxAge}` : ''}`

export function readCookies(request: Request): Map<string, string> {
  const out = new Map<string, string>()
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim())
  }
  return out
}

/** Seals the session (AEAD) and splits it into `__Host-` cookies of at most CHUNK_SIZE. */
export async function sessionCookies(
  sealer: Sealer,
  session: GatewaySession,
  previousChunks: number,
): Promise<string[]> {
  const sealed = await sealer.seal('gateway-session', session)
  const chunks = Math.ceil(sealed.length / CHUNK_SIZE)
  if (chunks > MAX_CHUNKS) throw new Error('gateway session too large for cookies')
  const out = Array.from(
    { length: chunks },
    (_, i) =>
      `${SESSION_COOKIE}.${i}=${sealed.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE)}; ${attributes()}`,
  )
  for (let i = chunks; i < previousChunks; i++)
    out.push(`${SESSION_COOKIE}.${i}=; ${attributes(0)}`)
  return out
}

/** Reassembles and opens the session; null when absent, incomplete or tampered with. */
export async function readSession(
  sealer: Sealer,
  cookies: Map<string, string>,
): Promise<{ session: GatewaySession; chunks: number } | null> {
  let sealed = ''
  let chunks = 0
  while (chunks < MAX_CHUNKS && cookies.has(`${SESSION_COOKIE}.${chunks}`))
    sealed += cookies.get(`${SESSION_COOKIE}.${chunks++}`)
  if (!sealed) return null
  const session = await sealer.open<GatewaySession>('gateway-session', sealed)
  return session ? { session, chunks } : null
}

export const clearSessionCookies = (chunks: number): string[] =>
  Array.from({ length: Math.max(chunks, 1) }, (_, i) => `${SESSION_COOKIE}.${i}=; ${attributes(0)}`)

/** The sign-in round trip's state: sealed, bound to nothing a third party can choose, ten minutes. */
export interface FlowState {
  provider: string
  state: string
  nonce: string
  verifier: string
  returnTo: string
  expiresAt: number
}

export const flowCookie = async (sealer: Sealer, flow: FlowState) =>
  `${FLOW_COOKIE}=${await sealer.seal('gateway-flow', flow)}; ${attributes(600)}`
export const clearFlowCookie = () => `${FLOW_COOKIE}=; ${attributes(0)}`
export const readFlow = (sealer: Sealer, cookies: Map<string, string>) => {
  const value = cookies.get(FLOW_COOKIE)
  return value ? sealer.open<FlowState>('gateway-flow', value) : Promise.resolve(null)
}
