import { storeKey, storeKeyPrefix } from '../storage/keys'
import type { Stores } from '../storage/record-store'
import type { MessageSender, OutgoingMessage } from './sender'

/** How long a development-outbox message is kept. */
const OUTBOX_TTL_MS = 24 * 60 * 60 * 1000

export interface OutboxEntry extends OutgoingMessage {
  sentAt: number
}

/**
 * Keeps messages in the pool's store so tests and developers can read them (GET /_dev/outbox/{poolId}).
 * Only wired in when DEV_OUTBOX is "true": it holds codes in the clear.
 */
export function devOutbox(
  stores: Stores,
  now: () => number,
): MessageSender & { read(poolId: string): Promise<OutboxEntry[]> } {
  return {
    async send(message) {
      const sentAt = now()
      const key = storeKey('outbox', String(sentAt).padStart(15, '0'), crypto.randomUUID())
      await stores.pool(message.poolId).commit({
        put: [{ key, value: { ...message, sentAt }, expiresAt: sentAt + OUTBOX_TTL_MS }],
      })
    },
    async read(poolId) {
      const page = await stores
        .pool(poolId)
        .list<OutboxEntry>(storeKeyPrefix('outbox'), { limit: 1000 })
      return page.records.map((record) => record.value)
    },
  }
}
