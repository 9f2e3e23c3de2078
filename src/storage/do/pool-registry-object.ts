import { SqliteRecordStore } from './sqlite-record-store'

/** Durable Object holding the list of pools (id, name, dates) for ListUserPools. */
export class PoolRegistryObject extends SqliteRecordStore {}
