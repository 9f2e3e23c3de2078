import { MemoryRecordStore } from '../../src/storage/memory/memory-record-store'
import { recordStoreConformance } from '../storage-conformance'

recordStoreConformance('in-memory', () => new MemoryRecordStore(), { advanceClock: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) })
