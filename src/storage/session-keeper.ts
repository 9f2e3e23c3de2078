/** One gateway browser session as stored: opaque (sealed by the Worker) with its absolute end. */
export interface SessionRecord {
  sealed: string
  /** Epoch ms after which the session is gone whatever happens (absolute timeout). */
  expiresAt: number
}

/** The answer to a request to refresh: the caller refreshes, or another caller already did. */
export type RefreshTurn = { lease: string } | { record: SessionRecord | null }

/** What one session object answers, in a Durable Object or in memory alike. */
export interface SessionObject {
  read(): Promise<SessionRecord | null>
  write(record: SessionRecord): Promise<void>
  remove(): Promise<SessionRecord | null>
  beginRefresh(leaseMs: number): Promise<RefreshTurn>
  completeRefresh(lease: string, record: SessionRecord | null): Promise<void>
}

/** Session objects by name (a Durable Object namespace, or its in-memory stand-in). */
export interface SessionObjects {
  getByName(name: string): SessionObject
}

/** Where a keeper keeps its one record, and when it should be reminded to forget it. */
export interface SessionStorage {
  get(): Promise<SessionRecord | undefined>
  put(record: SessionRecord): Promise<void>
  clear(): Promise<void>
  /** Asks to be woken at `at` (a Durable Object alarm); optional for storage that forgets by itself. */
  wakeAt?(at: number): Promise<void>
}

interface Flight {
  lease: string
  startedAt: number
  done: Promise<SessionRecord | null>
  finish(record: SessionRecord | null): void
}

/**
 * The rules of one session object. The cookie holds only the session's id, so it never grows or
 * changes when tokens are refreshed, and a copied cookie stops working the moment the session is
 * ended. Refreshes are single-flight: the keeper hands the refresh to one caller at a time (a
 * lease) and gives everyone else that caller's result, so a rotating refresh token is presented
 * once, never raced into reuse detection. The lease lives in memory: an object evicted mid-refresh
 * simply lets the next caller refresh.
 */
export class SessionKeeper implements SessionObject {
  private flight: Flight | undefined

  constructor(
    private readonly storage: SessionStorage,
    private readonly now: () => number,
  ) {}

  async read(): Promise<SessionRecord | null> {
    const record = (await this.storage.get()) ?? null
    if (record && record.expiresAt <= this.now()) {
      await this.storage.clear()
      return null
    }
    return record
  }

  async write(record: SessionRecord): Promise<void> {
    await this.storage.put(record)
    await this.storage.wakeAt?.(record.expiresAt)
  }

  /** Ends the session; returns what it held (so the caller can revoke its tokens). */
  async remove(): Promise<SessionRecord | null> {
    const record = (await this.storage.get()) ?? null
    await this.storage.clear()
    this.flight?.finish(null)
    return record
  }

  /**
   * Asks to refresh. The first caller (or the first after a lease of `leaseMs` ran out without an
   * answer) gets the lease and must call `completeRefresh`; the others wait for its result.
   */
  async beginRefresh(leaseMs: number): Promise<RefreshTurn> {
    for (;;) {
      const flight = this.flight
      if (!flight) break
      const left = flight.startedAt + leaseMs - this.now()
      if (left <= 0) break
      const outcome = await Promise.race([
        flight.done.then((record) => ({ record })),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), left)),
      ])
      if (outcome) return outcome
    }
    let finish: (record: SessionRecord | null) => void = () => undefined
    const done = new Promise<SessionRecord | null>((resolve) => {
      finish = resolve
    })
    const lease = crypto.randomUUID()
    this.flight = { lease, startedAt: this.now(), done, finish }
    return { lease }
  }

  /** The lease holder's result: the refreshed session, or null when the session has ended. */
  async completeRefresh(lease: string, record: SessionRecord | null): Promise<void> {
    const flight = this.flight
    if (!flight || flight.lease !== lease) return
    this.flight = undefined
    if (record) await this.write(record)
    else await this.storage.clear()
    flight.finish(record)
  }

  /** The alarm: forget the session once its absolute end has passed. */
  async expire(): Promise<void> {
    const record = await this.storage.get()
    if (!record || record.expiresAt <= this.now()) await this.storage.clear()
    else await this.storage.wakeAt?.(record.expiresAt)
  }
}
