import { SqliteRecordStore } from './sqlite-record-store'

/** Durable Object holding one pool's configuration, app clients, groups and signing keys. */
export class UserPoolObject extends SqliteRecordStore {}
