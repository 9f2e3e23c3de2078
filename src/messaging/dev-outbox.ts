import { storeKey, storeKeyPrefix } from '../storage/keys'
import type { Stores } from '../storage/record-store'
import type { MessageSender, OutgoingMessage } from './sender'

/** How long a development-outbox message is kept. */
const OUTBOX_TTL_MS = 24 * 60 * 60 * 1000

export interface OutboxEntry extends OutgoingMessage {
  sentAt: number
}

/**
 * Keeps messages in the pool's outbox store so tests and developers can read them
 * (GET /_dev/outbox/{poolId}). Only wired in when DEV_OUTBOX is "true": it holds codes in the
 * clear. Not in the pool store: it is not configuration, and every message sent would otherwise be
 * a write to the one object that serves the pool's configuration. Not in the directory either: it
 * is read a pool at a time, newest last, which one store per pool answers with one list.
 */
export function devOutbox(
  stores: Stores,
  now: () => number,
): MessageSender & { read(poolId: string): Promise<OutboxEntry[]> } {
  return {
    async send(message) {
      const sentAt = now()
      const key = storeKey('outbox', String(sentAt).padStart(15, '0'), crypto.randomUUID())
      await stores.outbox(message.poolId).commit({
        put: [{ key, value: { ...message, sentAt }, expiresAt: sentAt + OUTBOX_TTL_MS }],
      })
    },
    async read(poolId) {
      const page = await stores
        .outbox(poolId)
        .list<OutboxEntry>(storeKeyPrefix('outbox'), { limit: 1000 })
      return page.records.map((record) => record.value)
    },
  }
}
