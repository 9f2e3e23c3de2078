import { DurableObject } from 'cloudflare:workers'
import {
  SessionKeeper,
  type RefreshTurn,
  type SessionObject,
  type SessionRecord,
} from '../session-keeper'

const RECORD = 'session'

/** One gateway session, named by a hash of its cookie: a SessionKeeper on Durable Object storage. */
export class GatewaySessionObject
  extends DurableObject<Record<string, never>>
  implements SessionObject
{
  private readonly keeper = new SessionKeeper(
    {
      get: () => this.ctx.storage.get<SessionRecord>(RECORD),
      put: (record) => this.ctx.storage.put(RECORD, record),
      clear: () => this.ctx.storage.deleteAll(),
      wakeAt: (at) => this.ctx.storage.setAlarm(at),
    },
    () => Date.now(),
  )

  read(): Promise<SessionRecord | null> {
    return this.keeper.read()
  }

  write(record: SessionRecord): Promise<void> {
    return this.keeper.write(record)
  }

  remove(): Promise<SessionRecord | null> {
    return this.keeper.remove()
  }

  beginRefresh(leaseMs: number): Promise<RefreshTurn> {
    return this.keeper.beginRefresh(leaseMs)
  }

  completeRefresh(lease: string, record: SessionRecord | null): Promise<void> {
    return this.keeper.completeRefresh(lease, record)
  }

  override alarm(): Promise<void> {
    return this.keeper.expire()
  }
}
