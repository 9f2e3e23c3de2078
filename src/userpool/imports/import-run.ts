import {
  AliasExistsException,
  PreconditionNotMetException,
  UsernameExistsException,
} from '../../errors/cognito'
import { PortcullisError } from '../../errors/base'
import type { Put } from '../../storage/record-store'
import type { UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { findPool } from '../store/pool-repository'
import { createUser } from '../store/users'
import { csvHeader, MAX_LINE_CHARS, splitCsvLine } from './csv-header'
import { type FileChunk, importKeys, KEEP_MS, type LineResult, OVERLONG_LINE } from './import-file'
import { type ImportJob, importJobRecords, MESSAGES } from './import-jobs'
import { ImportRowError, userFromRow } from './import-row'

/** How long a run holds a job between two reports of progress. */
export const LEASE_MS = 60_000
/**
 * Chunks one run imports before it lets go of the job: bounded work per Worker invocation
 * (subrequests and CPU), whatever the file's size. The next run starts from the next chunk.
 */
export const CHUNKS_PER_RUN = 10

/** Whether a job wants a run now: it is Pending or InProgress and no live run holds it. */
export const wantsRun = (job: ImportJob, now: number): boolean =>
  (job.status === 'Pending' || job.status === 'InProgress') && (job.leaseUntil ?? 0) <= now

/**
 * Asks for a run of a job that wants one, after the answer (the Worker's `waitUntil`). Start,
 * Describe and List call it, so a job advances run after run while anyone looks at it, and a run
 * that died with its Worker is taken over once its lease lapses.
 */
export function resumeImport(services: UserPoolServices, job: ImportJob): void {
  if (!wantsRun(job, services.now())) return
  services.afterAnswer(
    runImport(services, job.UserPoolId, job.JobId).catch((error: unknown) => {
      console.error(`user import ${job.JobId}: run failed: ${String(error)}`)
    }),
  )
}

/**
 * One run: takes the job's lease (compare-and-set: of two runs one wins), imports up to
 * CHUNKS_PER_RUN chunks, recording counts, results and the next chunk after each, and ends the job
 * Succeeded after its last chunk, Stopped when a stop was asked, Failed when the header does not
 * fit the pool or the pool is gone.
 */
export async function runImport(
  services: UserPoolServices,
  poolId: string,
  jobId: string,
): Promise<void> {
  let job = await claim(services, poolId, jobId)
  if (!job?.upload) return
  const pool = await findPool(services, poolId)
  if (!pool) {
    await finish(services, job, 'Failed', 'The user pool has been deleted.')
    return
  }
  const headerProblem = checkHeader(pool, job.upload.header)
  if (headerProblem) {
    await finish(services, job, 'Failed', headerProblem)
    return
  }
  const chunks = job.upload.chunks
  for (let done = 0; done < CHUNKS_PER_RUN; done++) {
    if (job.nextChunk >= chunks) {
      await finish(services, job, 'Succeeded', MESSAGES.succeeded)
      return
    }
    const stored = await services.stores
      .userImports(poolId)
      .get<FileChunk>(importKeys.chunk(jobId, job.nextChunk))
    const counts = stored ? await importChunk(services, pool, job, stored.value) : undefined
    const next = await recordProgress(services, job, counts)
    if (!next) return
    job = next
  }
  // The budget is spent: let go, so the next look at the job starts the next run.
  await importJobRecords
    .replace(services, poolId, jobId, (current) => ({ ...current, leaseUntil: 0 }))
    .catch(() => undefined)
}

async function claim(
  services: UserPoolServices,
  poolId: string,
  jobId: string,
): Promise<ImportJob | null> {
  const now = services.now()
  try {
    return await importJobRecords.replace(services, poolId, jobId, (job) => {
      if (!wantsRun(job, now)) throw new ClaimLost()
      return { ...job, status: 'InProgress', leaseUntil: now + LEASE_MS }
    })
  } catch {
    return null
  }
}

class ClaimLost extends Error {}

/** Why a header cannot be imported into the pool, or undefined when it can. */
function checkHeader(pool: UserPoolConfig, header: string[]): string | undefined {
  const expected = csvHeader(pool)
  const unknown = header.filter((name) => !expected.includes(name))
  if (unknown.length > 0)
    return `The CSV header has columns the user pool does not have: ${unknown.slice(0, 3).join(', ')}.`
  const missing = expected.filter((name) => !header.includes(name))
  if (missing.length > 0)
    return `The CSV header lacks columns of the user pool: ${missing.slice(0, 3).join(', ')}.`
  if (new Set(header).size !== header.length) return 'The CSV header repeats a column.'
  return undefined
}

interface ChunkCounts {
  imported: number
  skipped: number
  failed: number
  results: LineResult[]
}

/** Imports one chunk's lines, one user each; a line's failure never stops the job. */
async function importChunk(
  services: UserPoolServices,
  pool: UserPoolConfig,
  job: ImportJob,
  chunk: FileChunk,
): Promise<ChunkCounts> {
  const counts: ChunkCounts = { imported: 0, skipped: 0, failed: 0, results: [] }
  const header = job.upload?.header ?? []
  for (const [i, text] of chunk.lines.entries()) {
    const line = chunk.firstLine + i
    try {
      if (text.startsWith(OVERLONG_LINE) || text.length > MAX_LINE_CHARS)
        throw new ImportRowError(`The line is longer than ${MAX_LINE_CHARS} characters.`)
      await createUser(
        services,
        pool,
        userFromRow(pool, header, splitCsvLine(text), services.now()),
      )
      counts.imported++
    } catch (error) {
      if (error instanceof UsernameExistsException) {
        counts.skipped++
        counts.results.push({ line, result: 'SKIPPED', message: 'The user already exists.' })
      } else {
        counts.failed++
        const message =
          error instanceof ImportRowError
            ? error.message
            : error instanceof AliasExistsException
              ? 'Another user already has this email address or phone number.'
              : error instanceof PortcullisError
                ? error.publicMessage
                : 'The user could not be imported due to an internal error.'
        counts.results.push({ line, result: 'FAILED', message })
      }
    }
  }
  return counts
}

/**
 * Writes a chunk's results and counts and moves the job to the next chunk, keeping the lease; a
 * stop asked meanwhile ends the job Stopped. Null when the run should end.
 */
async function recordProgress(
  services: UserPoolServices,
  job: ImportJob,
  counts: ChunkCounts | undefined,
): Promise<ImportJob | null> {
  if (counts && counts.results.length > 0) {
    const expiresAt = services.now() + KEEP_MS
    const put: Put[] = counts.results.map((result) => ({
      key: importKeys.result(job.JobId, result.line),
      value: result,
      expiresAt,
    }))
    await services.stores.userImports(job.UserPoolId).commit({ put })
    for (const r of counts.results)
      console.log(`user import ${job.JobId}: [${r.result}] Line Number ${r.line} - ${r.message}`)
  }
  const now = services.now()
  const updated = await withRetries(() =>
    importJobRecords.replace(services, job.UserPoolId, job.JobId, (current) => {
      const next = {
        ...current,
        imported: current.imported + (counts?.imported ?? 0),
        skipped: current.skipped + (counts?.skipped ?? 0),
        failed: current.failed + (counts?.failed ?? 0),
        nextChunk: current.nextChunk + 1,
        leaseUntil: now + LEASE_MS,
      }
      if (current.status === 'Stopping')
        return {
          ...next,
          status: 'Stopped' as const,
          completedAt: now,
          completionMessage: MESSAGES.stopped,
          leaseUntil: 0,
        }
      return next
    }),
  )
  return updated.status === 'InProgress' ? updated : null
}

async function finish(
  services: UserPoolServices,
  job: ImportJob,
  status: 'Succeeded' | 'Failed',
  message: string,
): Promise<void> {
  const now = services.now()
  await withRetries(() =>
    importJobRecords.replace(services, job.UserPoolId, job.JobId, (current) => {
      const stopping = current.status === 'Stopping'
      return {
        ...current,
        status: stopping ? 'Stopped' : status,
        completedAt: now,
        completionMessage: stopping ? MESSAGES.stopped : message,
        leaseUntil: 0,
      }
    }),
  )
  console.log(`user import ${job.JobId}: ${status}: ${message}`)
}

/** A write of the run that lost a race with StopUserImportJob is made again on the fresh record. */
async function withRetries<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write()
    } catch (error) {
      if (!(error instanceof PreconditionNotMetException) || attempt >= 5) throw error
    }
  }
}
