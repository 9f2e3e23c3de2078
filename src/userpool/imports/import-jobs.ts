import {
  LimitExceededException,
  PreconditionNotMetException,
  ResourceNotFoundException,
} from '../../errors/cognito'
import { randomString } from '../../crypto/random'
import type { UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import type { ImportJob, ImportJobStatus, PasswordHashingAlgorithm } from '../operator-types'
import { importJobRecords } from '../store/operator-settings-store'
import { checkImportablePool } from './import-row'

export type { ImportJob, PasswordHashingAlgorithm }

/** Cognito's presigned URL lives 15 minutes. */
export const UPLOAD_WINDOW_MS = 15 * 60_000
/** A job not started within 24 hours expires (Cognito says 24–48). */
export const START_WINDOW_MS = 24 * 3_600_000
/** Cognito's completion messages. */
export const MESSAGES = {
  succeeded: 'Import Job Completed Successfully.',
  stopped: 'The Import Job was stopped by the developer.',
  expired: 'The Import Job expired before it was started.',
  notUploaded: 'The CSV file was not uploaded before the job was started.',
} as const

const ACTIVE: ReadonlySet<ImportJobStatus> = new Set(['Pending', 'InProgress', 'Stopping'])

export { importJobRecords }

/**
 * `import-` and an id that sorts newest first (the time counted down, in base 36), then random
 * characters: listing the pool's jobs in key order is Cognito's "last created to first created".
 */
function newJobId(now: number): string {
  const countdown = (2 ** 46 - now).toString(36).padStart(9, '0')
  return `import-${countdown}${randomString(8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`
}

/**
 * The job as it stands now: a Created job past its start window has Expired, and a Stopping job
 * whose run went away (its lease lapsed) has Stopped.
 */
export function asOfNow(job: ImportJob, now: number): ImportJob {
  if (job.status === 'Created' && now - job.createdAt >= START_WINDOW_MS)
    return { ...job, status: 'Expired', completionMessage: MESSAGES.expired }
  if (job.status === 'Stopping' && (job.leaseUntil ?? 0) <= now)
    return {
      ...job,
      status: 'Stopped',
      completedAt: job.leaseUntil ?? now,
      completionMessage: MESSAGES.stopped,
    }
  return job
}

/** CreateUserImportJob: a Created job whose file is uploaded to its presigned URL. */
export async function createImportJob(
  services: UserPoolServices,
  pool: UserPoolConfig,
  input: {
    JobName: string
    CloudWatchLogsRoleArn: string
    PasswordHashingAlgorithm?: PasswordHashingAlgorithm
  },
): Promise<ImportJob> {
  const now = services.now()
  const job: ImportJob = {
    JobId: newJobId(now),
    JobName: input.JobName,
    UserPoolId: pool.Id,
    CloudWatchLogsRoleArn: input.CloudWatchLogsRoleArn,
    ...(input.PasswordHashingAlgorithm
      ? { PasswordHashingAlgorithm: input.PasswordHashingAlgorithm }
      : {}),
    status: 'Created',
    createdAt: now,
    uploadExpiresAt: now + UPLOAD_WINDOW_MS,
    imported: 0,
    skipped: 0,
    failed: 0,
    nextChunk: 0,
  }
  return importJobRecords.create(services, pool.Id, job)
}

/** DescribeUserImportJob's lookup; ResourceNotFoundException for a job the pool does not have. */
export async function requireImportJob(
  services: UserPoolServices,
  poolId: string,
  jobId: string,
): Promise<ImportJob> {
  const job = await importJobRecords.find(services, poolId, jobId)
  if (!job) throw new ResourceNotFoundException(`Import job ${jobId} does not exist.`)
  return asOfNow(job, services.now())
}

/** ListUserImportJobs: newest first, a page at a time. */
export async function listImportJobs(
  services: UserPoolServices,
  poolId: string,
  limit: number,
  after: string | undefined,
): Promise<{ jobs: ImportJob[]; next?: string }> {
  const page = await importJobRecords.list(services, poolId, limit, after)
  const jobs = page.records.map((job) => asOfNow(job, services.now()))
  return page.next ? { jobs, next: page.next } : { jobs }
}

/**
 * StartUserImportJob: a Created job becomes Pending (a run then imports it). Refused for a job in
 * any other state (PreconditionNotMetException: a job runs once), while another job of the pool
 * is active (LimitExceededException), and in a pool without auto-verified attributes. A job whose
 * file was never uploaded fails at once, as Cognito fails a job it cannot read.
 */
export async function startImportJob(
  services: UserPoolServices,
  pool: UserPoolConfig,
  jobId: string,
): Promise<ImportJob> {
  checkImportablePool(pool)
  const current = await requireImportJob(services, pool.Id, jobId)
  if (current.status !== 'Created')
    throw new PreconditionNotMetException(
      `Import job ${jobId} is ${current.status}: only a Created job can be started.`,
    )
  await refuseSecondActiveJob(services, pool.Id)
  const now = services.now()
  return importJobRecords.replace(services, pool.Id, jobId, (job) => {
    if (asOfNow(job, now).status !== 'Created')
      throw new PreconditionNotMetException(`Import job ${jobId} is no longer Created.`)
    if (!job.upload)
      return {
        ...job,
        status: 'Failed',
        startedAt: now,
        completedAt: now,
        completionMessage: MESSAGES.notUploaded,
      }
    return { ...job, status: 'Pending', startedAt: now }
  })
}

/** Only one import job of a pool is active at a time (Cognito: one per account). */
async function refuseSecondActiveJob(services: UserPoolServices, poolId: string): Promise<void> {
  let after: string | undefined
  do {
    const page = await importJobRecords.list(services, poolId, 100, after)
    if (page.records.some((job) => ACTIVE.has(asOfNow(job, services.now()).status)))
      throw new LimitExceededException('Only one import job can be active at a time.')
    after = page.next
  } while (after !== undefined)
}

/**
 * StopUserImportJob: a Pending or InProgress job stops. A run that holds the job finishes its
 * chunk first (Stopping, then Stopped when it sees the request); without one it is Stopped at once.
 * A stopped job cannot be restarted.
 */
export async function stopImportJob(
  services: UserPoolServices,
  poolId: string,
  jobId: string,
): Promise<ImportJob> {
  const now = services.now()
  return importJobRecords.replace(services, poolId, jobId, (job) => {
    if (job.status !== 'Pending' && job.status !== 'InProgress')
      throw new PreconditionNotMetException(
        `Import job ${jobId} is ${asOfNow(job, now).status}: only a Pending or InProgress job can be stopped.`,
      )
    const running = (job.leaseUntil ?? 0) > now
    return running
      ? { ...job, status: 'Stopping' }
      : { ...job, status: 'Stopped', completedAt: now, completionMessage: MESSAGES.stopped }
  })
}
