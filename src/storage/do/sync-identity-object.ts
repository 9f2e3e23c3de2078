import { SqliteRecordStore } from './sqlite-record-store'

/** Durable Object holding one identity's sync datasets, records and dataset subscriptions. */
export class SyncIdentityObject extends SqliteRecordStore {}
