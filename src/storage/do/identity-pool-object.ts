import { SqliteRecordStore } from './sqlite-record-store'

/** Durable Object holding one identity pool's configuration and tags. */
export class IdentityPoolObject extends SqliteRecordStore {}
