import { DurableObject } from 'cloudflare:workers'

/** One gateway browser session as stored: opaque (sealed by the Worker) with its absolute end. */
export interface SessionRecord {
  sealed: string
  /** Epoch ms after which the session is gone whatever happens (absolute timeout). */
  expiresAt: number
}

/** The answer to a request to refresh: the caller refreshes, or another caller already did. */
export type RefreshTurn = { lease: string } | { record: SessionRecord | null }

interface Flight {
  lease: string
  startedAt: number
  done: Promise<SessionRecord | null>
  finish(record: SessionRecord | null): void
}

const RECORD = 'session'

/**
 * One gateway session, named by a hash of its cookie. The cookie holds only the id, so it never
 * grows or changes when tokens are refreshed, a copied cookie stops working the moment the
 * session is ended, and concurrent refreshes are single-flight: the object hands the refresh to
 * one caller at a time (a lease) and gives everyone else that caller's result. Refresh tokens
 * that rotate are therefore presented once, never raced into reuse detection.
 */
export class GatewaySessionObject extends DurableObject<Record<string, never>> {
  private flight: Flight | undefined

  async read(): Promise<SessionRecord | null> {
    const record = (await this.ctx.storage.get<SessionRecord>(RECORD)) ?? null
    if (record && record.expiresAt <= Date.now()) {
      await this.ctx.storage.deleteAll()
      return null
    }
    return record
  }

  async write(record: SessionRecord): Promise<void> {
    await this.ctx.storage.put(RECORD, record)
    await this.ctx.storage.setAlarm(record.expiresAt)
  }

  /** Ends the session; returns what it held (so the caller can revoke its tokens). */
  async remove(): Promise<SessionRecord | null> {
    const record = (await this.ctx.storage.get<SessionRecord>(RECORD)) ?? null
    await this.ctx.storage.deleteAll()
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
      const left = flight.startedAt + leaseMs - Date.now()
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
    this.flight = { lease, startedAt: Date.now(), done, finish }
    return { lease }
  }

  /** The lease holder's result: the refreshed session, or null when the session has ended. */
  async completeRefresh(lease: string, record: SessionRecord | null): Promise<void> {
    const flight = this.flight
    if (!flight || flight.lease !== lease) return
    this.flight = undefined
    if (record) await this.write(record)
    else await this.ctx.storage.deleteAll()
    flight.finish(record)
  }

  override async alarm(): Promise<void> {
    const record = await this.ctx.storage.get<SessionRecord>(RECORD)
    if (!record || record.expiresAt <= Date.now()) await this.ctx.storage.deleteAll()
    else await this.ctx.storage.setAlarm(record.expiresAt)
  }
}
