import { MemoryRecordStore } from '../../src/storage/memory/memory-record-store'
import { recordStoreConformance } from '../storage-conformance'

// The in-memory store takes its clock as a parameter: time passes instantly and deterministically.
let skew = 0
recordStoreConformance('in-memory', () => new MemoryRecordStore(() => Date.now() + skew), {
  sleep: async (ms) => {
    skew += ms
  },
})
