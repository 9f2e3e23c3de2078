import { constantTimeEqual, toBase64Url, utf8 } from '../../crypto/encoding'
import { storeKey, storeKeyPrefix } from '../../storage/keys'
import type { UserPoolServices } from '../services'
import { MAX_LINE_CHARS, splitCsvLine } from './csv-header'
import { asOfNow, type ImportJob, importJobRecords } from './import-jobs'

/** Cognito's limits on an import file. */
export const MAX_FILE_BYTES = 100 * 1024 * 1024
export const MAX_ROWS = 500_000
/** Lines per stored chunk: a run imports whole chunks, and a chunk stays far below a record's size limit. */
export const LINES_PER_CHUNK = 100
/** The file and the per-line results are kept this long after the upload. */
export const KEEP_MS = 7 * 24 * 3_600_000
/** Marks a line longer than Cognito reads: kept as this alone, and failed when imported. */
export const OVERLONG_LINE = '\u0000overlong'

/** The keys of the pool's import store (`stores.userImports(poolId)`). */
export const importKeys = {
  chunk: (jobId: string, index: number) =>
    storeKey('chunk', jobId, index.toString().padStart(6, '0')),
  /** One line's result, by line number (the header is line 1). */
  result: (jobId: string, line: number) =>
    storeKey('result', jobId, line.toString().padStart(7, '0')),
  results: (jobId: string) => storeKeyPrefix('result', jobId),
}

/** One stored chunk: lines of the file, the first of them at line number `firstLine`. */
export interface FileChunk {
  firstLine: number
  lines: string[]
}

/** A FAILED or SKIPPED line, as Cognito's CloudWatch log has it (SUCCEEDED lines are counted only). */
export interface LineResult {
  line: number
  result: 'FAILED' | 'SKIPPED'
  message: string
}

/**
 * The signature of a job's upload URL: a keyed MAC (the Sealer's fingerprint) over the pool, the
 * job and the URL's expiry. Nobody without the key-encryption key can make or alter one.
 */
export async function uploadSignature(
  services: Pick<UserPoolServices, 'sealer'>,
  poolId: string,
  jobId: string,
  expiresAt: number,
): Promise<string> {
  return toBase64Url(
    await services.sealer.fingerprint('user-import-upload', `${poolId}\n${jobId}\n${expiresAt}`),
  )
}

export type UploadRefusal = 'signature' | 'expired' | 'not-created' | 'too-many-rows' | 'empty'

/** Whether a request may upload: the signature is ours for this job and expiry, and is not stale. */
export async function checkUpload(
  services: UserPoolServices,
  poolId: string,
  jobId: string,
  expiresAt: number,
  signature: string,
): Promise<UploadRefusal | ImportJob> {
  const expected = await uploadSignature(services, poolId, jobId, expiresAt)
  if (!constantTimeEqual(utf8(expected), utf8(signature))) return 'signature'
  if (services.now() >= expiresAt) return 'expired'
  const job = await importJobRecords.find(services, poolId, jobId)
  if (!job) return 'signature'
  if (asOfNow(job, services.now()).status !== 'Created') return 'not-created'
  return job
}

/**
 * Stores an uploaded file (its text in pieces, as it arrives) in chunks of whole lines, then
 * records it on the job: the first line is the header, blank lines are dropped, and a later upload
 * replaces an earlier one (the job reads only the chunks its record counts). Refused past
 * Cognito's row limit, or for a file without a header.
 */
export async function receiveImportFile(
  services: UserPoolServices,
  job: ImportJob,
  pieces: AsyncIterable<string>,
  bytes: () => number,
): Promise<UploadRefusal | ImportJob> {
  const store = services.stores.userImports(job.UserPoolId)
  const expiresAt = services.now() + KEEP_MS
  let header: string[] | undefined
  let chunk: string[] = []
  let chunkFirstLine = 2
  let chunks = 0
  let rows = 0
  let lineNumber = 0
  let partial = ''
  const flush = async () => {
    if (chunk.length === 0) return
    const value: FileChunk = { firstLine: chunkFirstLine, lines: chunk }
    await store.commit({ put: [{ key: importKeys.chunk(job.JobId, chunks), value, expiresAt }] })
    chunks++
    chunk = []
  }
  const take = async (line: string) => {
    lineNumber++
    const text = line.endsWith('\r') ? line.slice(0, -1) : line
    if (header === undefined) {
      header = splitCsvLine(text.replace(/^\uFEFF/, ''))
      return
    }
    if (text.trim() === '') return
    if (chunk.length === 0) chunkFirstLine = lineNumber
    chunk.push(text)
    rows++
    if (chunk.length >= LINES_PER_CHUNK) await flush()
  }
  for await (const piece of pieces) {
    partial += piece
    let newline = partial.indexOf('\n')
    while (newline >= 0) {
      await take(partial.slice(0, newline))
      partial = partial.slice(newline + 1)
      newline = partial.indexOf('\n')
    }
    // A line longer than Cognito reads is kept as a marker, so it never fills memory.
    if (partial.length > MAX_LINE_CHARS + 1 && !partial.startsWith(OVERLONG_LINE))
      partial = OVERLONG_LINE
    else if (partial.startsWith(OVERLONG_LINE)) partial = OVERLONG_LINE
    if (rows > MAX_ROWS) return 'too-many-rows'
  }
  if (partial !== '') await take(partial)
  if (rows > MAX_ROWS) return 'too-many-rows'
  await flush()
  if (!header || header.every((name) => name === '')) return 'empty'
  const upload = { header, chunks, rows, bytes: bytes() }
  return importJobRecords.replace(services, job.UserPoolId, job.JobId, (current) => {
    if (asOfNow(current, services.now()).status !== 'Created') return current
    return { ...current, upload }
  })
}

/** The FAILED and SKIPPED lines of a job, in line order, a page at a time (the operator's log). */
export async function importJobResults(
  services: UserPoolServices,
  poolId: string,
  jobId: string,
  limit: number,
  after?: number,
): Promise<{ results: LineResult[]; next?: number }> {
  const page = await services.stores
    .userImports(poolId)
    .list<LineResult>(importKeys.results(jobId), {
      limit,
      ...(after !== undefined ? { after: importKeys.result(jobId, after) } : {}),
    })
  const results = page.records.map((r) => r.value)
  const last = results[results.length - 1]
  return page.next && last ? { results, next: last.line } : { results }
}
