import { SqliteRecordStore } from './sqlite-record-store'

/** Durable Object holding one partition of an identity pool's identities and login index. */
export class IdentityDirectoryObject extends SqliteRecordStore {}
