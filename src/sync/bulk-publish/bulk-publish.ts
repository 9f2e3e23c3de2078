import {
  AlreadyStreamedException,
  DuplicateRequestException,
  InvalidConfigurationException,
} from '../../errors/sync'
import type { Stores } from '../../storage/record-store'
import { poolSyncConfiguration, streamingEnabled } from '../configuration/pool-configuration'
import { poolSyncKeys } from '../store/pool-sync-keys'
import { identitiesWithData } from '../usage/sync-usage'

/** GetBulkPublishDetails's BulkPublishStatus. */
export type BulkPublishStatus = 'NOT_STARTED' | 'IN_PROGRESS' | 'FAILED' | 'SUCCEEDED'

/** The last bulk publish of a pool, as stored (epoch milliseconds). */
interface BulkPublishRecord {
  status: 'IN_PROGRESS' | 'FAILED' | 'SUCCEEDED'
  startTime: number
  /** When the walk last reported progress: an IN_PROGRESS walk silent for too long is lost. */
  progressAt: number
  completeTime?: number
  failureMessage?: string
}

/** What GetBulkPublishDetails answers (epoch milliseconds). */
export interface BulkPublishDetails {
  status: BulkPublishStatus
  startTime?: number
  completeTime?: number
  failureMessage?: string
}

/** One successful bulk publish per 24 hours, as Cognito allows. */
const SUCCESS_INTERVAL_MS = 24 * 3_600_000
/**
 * A walk reports progress with every page of identities it reads. One silent this long died with
 * its Worker (or never started), so it is reported FAILED and a new one may begin, rather than
 * leaving the pool refused with DuplicateRequestException for ever.
 */
const STALLED_AFTER_MS = 15 * 60_000
const STALLED_MESSAGE = 'The bulk publish stopped before it had published every identity.'

type Services = { stores: Stores; now(): number }

/** The stored record as it stands now: a stalled walk counts as failed. */
function asOfNow(record: BulkPublishRecord, now: number): BulkPublishRecord {
  if (record.status !== 'IN_PROGRESS' || now - record.progressAt < STALLED_AFTER_MS) return record
  return {
    ...record,
    status: 'FAILED',
    completeTime: record.progressAt,
    failureMessage: STALLED_MESSAGE,
  }
}

/** GetBulkPublishDetails: the pool's last bulk publish, NOT_STARTED when there was none. */
export async function bulkPublishDetails(
  services: Services,
  identityPoolId: string,
): Promise<BulkPublishDetails> {
  const stored = await services.stores
    .identityPool(identityPoolId)
    .get<BulkPublishRecord>(poolSyncKeys.bulkPublish)
  if (!stored) return { status: 'NOT_STARTED' }
  const record = asOfNow(stored.value, services.now())
  return {
    status: record.status,
    startTime: record.startTime,
    ...(record.completeTime !== undefined ? { completeTime: record.completeTime } : {}),
    ...(record.failureMessage !== undefined ? { failureMessage: record.failureMessage } : {}),
  }
}

/**
 * BulkPublish: records a new bulk publish of the pool as IN_PROGRESS. Refused while the pool does
 * not stream (CognitoStreams with StreamingStatus ENABLED), while another is in progress
 * (DuplicateRequestException; of two racing requests exactly one starts), and within 24 hours of
 * a successful one (AlreadyStreamedException). A failed one may be retried at once. The walk
 * itself (`bulkPublishIdentities`, then `finishBulkPublish`) is the stream's to run.
 */
export async function startBulkPublish(services: Services, identityPoolId: string): Promise<void> {
  const configuration = await poolSyncConfiguration(services, identityPoolId)
  if (!streamingEnabled(configuration))
    throw new InvalidConfigurationException(
      'Bulk publish needs Cognito streams configured with StreamingStatus ENABLED.',
    )
  const store = services.stores.identityPool(identityPoolId)
  const key = poolSyncKeys.bulkPublish
  const stored = await store.get<BulkPublishRecord>(key)
  const now = services.now()
  if (stored) {
    const record = asOfNow(stored.value, now)
    if (record.status === 'IN_PROGRESS')
      throw new DuplicateRequestException(
        'A bulk publish of this identity pool is already in progress.',
      )
    if (
      record.status === 'SUCCEEDED' &&
      now - (record.completeTime ?? record.startTime) < SUCCESS_INTERVAL_MS
    )
      throw new AlreadyStreamedException(
        'This identity pool was bulk published less than 24 hours ago.',
      )
  }
  const started: BulkPublishRecord = { status: 'IN_PROGRESS', startTime: now, progressAt: now }
  const result = await store.commit({
    expect: [{ key, version: stored?.version ?? 0 }],
    put: [{ key, value: started }],
  })
  if (!result.ok)
    throw new DuplicateRequestException(
      'A bulk publish of this identity pool is already in progress.',
    )
}

/**
 * The identities a bulk publish walks: every identity of the pool with data, as ids, page by
 * page. Reading each page tells the pool's record the walk is alive; the walk publishes each
 * identity's datasets to the stream and then calls `finishBulkPublish`.
 */
export async function* bulkPublishIdentities(
  services: Services,
  identityPoolId: string,
): AsyncGenerator<string> {
  let sinceProgress = 0
  for await (const identityId of identitiesWithData(services, identityPoolId)) {
    if (sinceProgress++ % PROGRESS_EVERY === 0) await reportProgress(services, identityPoolId)
    yield identityId
  }
}

/** Identities walked between two reports of progress. */
const PROGRESS_EVERY = 100

async function reportProgress(services: Services, identityPoolId: string): Promise<void> {
  const store = services.stores.identityPool(identityPoolId)
  const key = poolSyncKeys.bulkPublish
  const stored = await store.get<BulkPublishRecord>(key)
  if (stored?.value.status !== 'IN_PROGRESS') return
  await store.commit({
    expect: [{ key, version: stored.version }],
    put: [{ key, value: { ...stored.value, progressAt: services.now() } }],
  })
}

/**
 * Ends the bulk publish in progress: SUCCEEDED once every identity was published, FAILED with the
 * reason otherwise. Only an IN_PROGRESS record changes (a walk reported stalled keeps its FAILED).
 */
export async function finishBulkPublish(
  services: Services,
  identityPoolId: string,
  outcome: { succeeded: true } | { succeeded: false; failureMessage: string },
): Promise<void> {
  const store = services.stores.identityPool(identityPoolId)
  const key = poolSyncKeys.bulkPublish
  for (let attempt = 0; attempt < 5; attempt++) {
    const stored = await store.get<BulkPublishRecord>(key)
    if (!stored) return
    const now = services.now()
    const record = asOfNow(stored.value, now)
    if (record.status !== 'IN_PROGRESS') return
    const finished: BulkPublishRecord = outcome.succeeded
      ? { ...record, status: 'SUCCEEDED', completeTime: now }
      : {
          ...record,
          status: 'FAILED',
          completeTime: now,
          failureMessage: outcome.failureMessage,
        }
    const result = await store.commit({
      expect: [{ key, version: stored.version }],
      put: [{ key, value: finished }],
    })
    if (result.ok) return
  }
}
