import { SqliteRecordStore } from './sqlite-record-store'

/** Durable Object holding one partition of a pool's users: records, alias index, group memberships, refresh-token families and one-time codes. */
export class UserDirectoryObject extends SqliteRecordStore {}
