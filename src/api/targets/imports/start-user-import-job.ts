import type { StartUserImportJobResponse } from '@aws-sdk/client-cognito-identity-provider'
import { startImportJob } from '../../../userpool/imports/import-jobs'
import { resumeImport } from '../../../userpool/imports/import-run'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { jobInput, userImportJobType } from './import-job-type'

export const startUserImportJob = defineTarget<StartUserImportJobResponse>()({
  auth: 'sigv4',
  input: jobInput,
  async handle(input, { services, issuerOrigin }) {
    const pool = await requirePool(services, input.UserPoolId)
    const job = await startImportJob(services, pool, input.JobId)
    resumeImport(services, job)
    return { UserImportJob: await userImportJobType(services, issuerOrigin, job) }
  },
})
