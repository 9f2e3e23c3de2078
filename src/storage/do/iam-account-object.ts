import { SqliteRecordStore } from './sqlite-record-store'

/** Durable Object holding one account's IAM roles, inline policies, managed policies and attachments. */
export class IamAccountObject extends SqliteRecordStore {}
