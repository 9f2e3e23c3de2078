/**
 * Portcullis's Cognito Sync client: datasets cached on the device (memory, localStorage or
 * IndexedDB), written offline, synchronized with the sync API over `@aws-sdk/client-cognito-sync`.
 */
export { type ConflictResolution, SyncConflict, mostRecentWins } from './conflict'
export type { Dataset, RemoteChangeListener, SyncOptions } from './dataset'
export type { LocalDataset, LocalRecord, LocalStore } from './local-store'
export type { LockManagerLike } from './locks'
export {
  CognitoSyncManager,
  type CognitoSyncManagerOptions,
  type ConnectivityTarget,
} from './manager'
export type { SyncRecord } from './records'
export { type IndexedDbFactory, indexedDbStore } from './stores/indexeddb-store'
export { localStorageStore, type WebStorage } from './stores/local-storage-store'
export { memoryStore } from './stores/memory-store'
export {
  type PushNotice,
  type PushSource,
  type WebSocketPushOptions,
  webSocketPushSource,
} from './push'
export { type PushUrlOptions, presignPushUrl } from './push-url'
export { SyncConflictRetriesExhausted, type SyncResult } from './synchronize'
