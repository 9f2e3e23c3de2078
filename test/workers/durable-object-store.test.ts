import { env } from 'cloudflare:workers'
import type { RecordStore } from '../../src/storage/record-store'
import { recordStoreConformance } from '../storage-conformance'

let counter = 0

// The real SQLite-backed Durable Object classes, through the same RPC stubs the Worker uses.
recordStoreConformance('UserDirectoryObject (SQLite Durable Object)', () => env.USER_DIRECTORY.getByName(`conformance-${Date.now()}-${counter++}`) as unknown as RecordStore)
recordStoreConformance('UserPoolObject (SQLite Durable Object)', () => env.USER_POOL.getByName(`conformance-${Date.now()}-${counter++}`) as unknown as RecordStore)
