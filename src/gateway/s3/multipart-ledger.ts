import type { RecordStore } from '../../storage/record-store'
import { storeKey, storeKeyPrefix } from '../../storage/keys'

/**
 * How long the ledger keeps an upload: R2 aborts an incomplete multipart upload after seven days
 * by default, and its parts go with it.
 */
const KEEP_MS = 7 * 24 * 3600 * 1000

/** An upload in progress: the S3 key it was created for. */
interface UploadRecord {
  key: string
  initiated: number
}

/** One uploaded part, as ListParts reports it. */
export interface PartRecord {
  partNumber: number
  etag: string
  size: number
  /** Epoch ms. */
  lastModified: number
}

const uploadKey = (uploadId: string) => storeKey('s3-upload', uploadId)
// Zero-padded, so the store's byte order is part-number order.
const partKey = (uploadId: string, partNumber: number) =>
  storeKey('s3-part', uploadId, String(partNumber).padStart(5, '0'))
const partsPrefix = (uploadId: string) => storeKeyPrefix('s3-part', uploadId)

/**
 * What the S3 front records of multipart uploads, since R2 lists neither uploads nor parts:
 * each upload it created (with its key), and each part R2 accepted (ETag, size, time).
 */
export class MultipartLedger {
  constructor(
    private readonly store: RecordStore,
    private readonly now: number,
  ) {}

  async begin(uploadId: string, key: string): Promise<void> {
    await this.commit({
      put: [
        {
          key: uploadKey(uploadId),
          value: { key, initiated: this.now },
          expiresAt: this.now + KEEP_MS,
        },
      ],
    })
  }

  /** The upload, if this front created it for `key` and it is still in progress. */
  async upload(uploadId: string, key: string): Promise<UploadRecord | null> {
    const record = await this.store.get<UploadRecord>(uploadKey(uploadId))
    return record && record.value.key === key ? record.value : null
  }

  /** A part R2 accepted; the same number uploaded again replaces it, as in S3. */
  async recordPart(uploadId: string, part: Omit<PartRecord, 'lastModified'>): Promise<void> {
    await this.commit({
      put: [
        {
          key: partKey(uploadId, part.partNumber),
          value: { ...part, lastModified: this.now },
          expiresAt: this.now + KEEP_MS,
        },
      ],
    })
  }

  /** Up to `limit` parts numbered above `after`, and whether more follow. */
  async parts(
    uploadId: string,
    after: number,
    limit: number,
  ): Promise<{ parts: PartRecord[]; truncated: boolean }> {
    const prefix = partsPrefix(uploadId)
    const page = await this.store.list<PartRecord>(prefix, {
      limit,
      ...(after > 0 ? { after: partKey(uploadId, after) } : {}),
    })
    // `next` says only that more may follow: look once past the page to know.
    const truncated =
      page.next !== undefined &&
      (await this.store.list(prefix, { limit: 1, after: page.next })).records.length > 0
    return { parts: page.records.map((record) => record.value), truncated }
  }

  /** Forgets a completed or aborted upload and its parts. */
  async forget(uploadId: string): Promise<void> {
    for (;;) {
      const page = await this.store.list(partsPrefix(uploadId), { limit: 1000 })
      if (page.records.length === 0) break
      await this.commit({ delete: page.records.map((record) => record.key) })
    }
    await this.commit({ delete: [uploadKey(uploadId)] })
  }

  private async commit(transaction: Parameters<RecordStore['commit']>[0]): Promise<void> {
    const result = await this.store.commit(transaction)
    if (!result.ok) throw new Error(`multipart ledger: conflict on ${result.conflict}`)
  }
}
