import type { UserImportJobType } from '@aws-sdk/client-cognito-identity-provider'
import { uploadSignature } from '../../../userpool/imports/import-file'
import type { ImportJob } from '../../../userpool/imports/import-jobs'
import type { UserPoolServices } from '../../../userpool/services'
import type { Wire } from '../../target'
import { Arn, UserPoolId } from '../../validation/cognito-shapes'
import { string, structure } from '../../validation/shape'

/** The path uploads arrive at (served by `src/api/user-import-upload.ts`). */
export const UPLOAD_PATH = '/_user-import'

export const JobId = string({ min: 1, max: 55, pattern: 'import-[0-9a-zA-Z-]+' })
export const jobInput = structure({ UserPoolId, JobId }, ['UserPoolId', 'JobId'])
export { Arn }

/**
 * The job's presigned upload URL: on the auth host, naming the pool and the job, with the URL's
 * expiry and a MAC over all three (see `uploadSignature`).
 */
export async function presignedUrl(
  services: UserPoolServices,
  origin: string,
  job: ImportJob,
): Promise<string> {
  const signature = await uploadSignature(services, job.UserPoolId, job.JobId, job.uploadExpiresAt)
  const path = `${UPLOAD_PATH}/${encodeURIComponent(job.UserPoolId)}/${encodeURIComponent(job.JobId)}`
  return `${origin}${path}?X-Portcullis-Expires=${job.uploadExpiresAt}&X-Portcullis-Signature=${signature}`
}

const seconds = (ms: number) => ms / 1000

/** UserImportJobType as the wire has it (dates in epoch seconds). */
export async function userImportJobType(
  services: UserPoolServices,
  origin: string,
  job: ImportJob,
): Promise<Wire<UserImportJobType>> {
  return {
    JobName: job.JobName,
    JobId: job.JobId,
    UserPoolId: job.UserPoolId,
    PreSignedUrl: await presignedUrl(services, origin, job),
    CreationDate: seconds(job.createdAt),
    ...(job.startedAt !== undefined ? { StartDate: seconds(job.startedAt) } : {}),
    ...(job.completedAt !== undefined ? { CompletionDate: seconds(job.completedAt) } : {}),
    Status: job.status,
    CloudWatchLogsRoleArn: job.CloudWatchLogsRoleArn,
    ImportedUsers: job.imported,
    SkippedUsers: job.skipped,
    FailedUsers: job.failed,
    ...(job.completionMessage ? { CompletionMessage: job.completionMessage } : {}),
    ...(job.PasswordHashingAlgorithm
      ? { PasswordHashingAlgorithm: job.PasswordHashingAlgorithm }
      : {}),
  }
}
