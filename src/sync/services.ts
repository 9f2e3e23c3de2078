import type { Sealer } from '../crypto/aead'
import type { PushSockets } from '../storage/push-sockets'
import type { Stores } from '../storage/record-store'
import type { FunctionInvoker } from '../userpool/triggers/invoker'
import type { DeviceNotifier } from './push/device-notifier'
import type { StreamQueue } from './streams/stream-queue'

/**
 * Where accepted syncs are announced and the SyncTrigger runs: each absent when the deployment
 * (or a unit test) has none.
 */
export interface SyncDeliveries {
  /** The identities' push sockets (hibernating WebSockets in their sync objects). */
  pushSockets?: PushSockets
  /** The push webhook (PUSH_WEBHOOK_URL) for devices RegisterDevice registered. */
  deviceNotifier?: DeviceNotifier
  /** The Cognito Streams Queue (the SYNC_STREAM binding). */
  syncStream?: StreamQueue
}

/**
 * What the sync domain needs from the outside world; built once per isolate (the runtime's
 * services have it all, so the protocol layer passes those).
 */
export interface SyncServices extends SyncDeliveries {
  stores: Stores
  /** Reaches the SyncTrigger's function, as user-pool triggers are reached (TRIGGER_TARGETS). */
  functions: FunctionInvoker
  /** Shortens the SyncTrigger's 5 s budget (unit tests of a function that never answers). */
  triggerBudgetMs?: number
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
