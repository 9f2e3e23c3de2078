import { describe, expect, it } from 'vitest'
import {
  byReference,
  INLINE_LIMIT_BYTES,
  inlineStreamRecord,
  isTooLargeInline,
} from '../../src/sync/streams/stream-record'

const sync = {
  identityPoolId: 'us-east-1:177a950c-2c08-43f0-9983-28727EXAMPLE',
  identityId: 'us-east-1:23ec4050-6aea-7089-a2dd-08002EXAMPLE',
  datasetName: 'game',
  syncCount: 7,
  lastModifiedDate: 1424801824343,
  operation: 'replace' as const,
  records: [
    {
      key: 'level',
      value: '4',
      syncCount: 7,
      lastModifiedDate: 1424801824343,
      deviceLastModifiedDate: 1424801820000,
      op: 'replace' as const,
    },
    {
      key: 'coins',
      syncCount: 7,
      lastModifiedDate: 1424801824343,
      deviceLastModifiedDate: 1424801820000,
      op: 'remove' as const,
    },
  ],
}

describe('the Cognito Streams record', () => {
  it("has the guide's members, records inline", () => {
    expect(inlineStreamRecord(sync)).toEqual({
      identityPoolId: sync.identityPoolId,
      identityId: sync.identityId,
      dataSetName: 'game',
      operation: 'replace',
      kinesisSyncRecords: sync.records,
      lastModifiedDate: 1424801824343,
      payloadType: 'Inline',
      syncCount: 7,
    })
  })

  it('goes by reference when its JSON is over the inline limit', () => {
    const small = inlineStreamRecord(sync)
    expect(isTooLargeInline(small)).toBe(false)
    const large = inlineStreamRecord({
      ...sync,
      records: [{ ...sync.records[0]!, value: 'x'.repeat(INLINE_LIMIT_BYTES) }],
    })
    expect(isTooLargeInline(large)).toBe(true)
    const referenced = byReference(large, 'https://auth.example.com/sync/stream-payloads/abc')
    expect(referenced).not.toHaveProperty('kinesisSyncRecords')
    expect(referenced).toMatchObject({
      payloadType: 'S3Url',
      kinesisSyncRecordsURL: 'https://auth.example.com/sync/stream-payloads/abc',
      syncCount: 7,
      dataSetName: 'game',
    })
  })
})
