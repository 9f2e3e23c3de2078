import type { ListUserImportJobsResponse } from '@aws-sdk/client-cognito-identity-provider'
import { listImportJobs } from '../../../userpool/imports/import-jobs'
import { resumeImport } from '../../../userpool/imports/import-run'
import { requirePool } from '../../../userpool/store/pool-repository'
import { isKeyCursor, openPageToken, sealPageToken } from '../../page-token'
import { defineTarget } from '../../target'
import { PaginationKey, PoolQueryLimit, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { userImportJobType } from './import-job-type'

export const listUserImportJobs = defineTarget<ListUserImportJobsResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, MaxResults: PoolQueryLimit, PaginationToken: PaginationKey }, [
    'UserPoolId',
    'MaxResults',
  ]),
  async handle(input, { services, issuerOrigin }) {
    const pool = await requirePool(services, input.UserPoolId)
    const query = { operation: 'ListUserImportJobs', poolId: pool.Id }
    const after = await openPageToken(services, query, input.PaginationToken, isKeyCursor)
    // The model's list holds at most 50 jobs.
    const page = await listImportJobs(services, pool.Id, Math.min(input.MaxResults, 50), after)
    for (const job of page.jobs) resumeImport(services, job)
    const token = await sealPageToken(services, query, page.next)
    return {
      UserImportJobs: await Promise.all(
        page.jobs.map((job) => userImportJobType(services, issuerOrigin, job)),
      ),
      ...(token ? { PaginationToken: token } : {}),
    }
  },
})
