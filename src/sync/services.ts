import type { Sealer } from '../crypto/aead'
import type { Stores } from '../storage/record-store'

/**
 * What the sync domain needs from the outside world; built once per isolate (the runtime's
 * services have it all, so the protocol layer passes those).
 */
export interface SyncServices {
  stores: Stores
  /** Seals page tokens and sync session tokens. */
  sealer: Sealer
  /** e.g. us-east-1: dataset ARNs. */
  region: string
  /**
   * Lets work go on after the API has answered (the Worker's `waitUntil`); the work must catch
   * its own failures.
   */
  afterAnswer(work: Promise<void>): void
  /** Epoch milliseconds. */
  now(): number
}
