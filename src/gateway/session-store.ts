/**
 * A browser session of the gateway. Claims are not stored: they are read from the tokens (verified
 * when the session was made, sealed since).
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

/** A session as found from a request's cookies; `handle` is the store's own reference to it. */
export interface LoadedSession {
  session: GatewaySession
  handle: string
}

/**
 * Where the gateway keeps browser sessions. On Workers a Durable Object per session (the cookie
 * holds only an id: small, revocable, single-flight refresh); at the edge, where there is no
 * state, the sealed session itself travels in the cookie.
 */
export interface SessionStore {
  /** The session the request's cookies name, or null when none (or it ended). */
  load(cookies: Record<string, string>): Promise<LoadedSession | null>
  /** Keeps a new session (always under a new id); returns the Set-Cookie values that name it. */
  create(session: GatewaySession): Promise<string[]>
  /** Keeps a changed session (activity); returns Set-Cookie values when the cookie changes. */
  save(loaded: LoadedSession, session: GatewaySession): Promise<string[]>
  /**
   * Refreshes at most once at a time per session: `refresh` runs for one caller, concurrent
   * callers get its result. Null means the session ended (the refresh failed, or it was ended).
   * Returns the session and any Set-Cookie values.
   */
  refresh(
    loaded: LoadedSession,
    refresh: (current: GatewaySession) => Promise<GatewaySession | null>,
  ): Promise<{ session: GatewaySession | null; setCookies: string[] }>
  /** Ends the session for good; returns what it held and the Set-Cookie values that clear it. */
  end(
    cookies: Record<string, string>,
  ): Promise<{ ended: GatewaySession | null; setCookies: string[] }>
}
