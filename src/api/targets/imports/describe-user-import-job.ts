import type { DescribeUserImportJobResponse } from '@aws-sdk/client-cognito-identity-provider'
import { requireImportJob } from '../../../userpool/imports/import-jobs'
import { resumeImport } from '../../../userpool/imports/import-run'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { jobInput, userImportJobType } from './import-job-type'

export const describeUserImportJob = defineTarget<DescribeUserImportJobResponse>()({
  auth: 'sigv4',
  input: jobInput,
  async handle(input, { services, issuerOrigin }) {
    const pool = await requirePool(services, input.UserPoolId)
    const job = await requireImportJob(services, pool.Id, input.JobId)
    resumeImport(services, job)
    return { UserImportJob: await userImportJobType(services, issuerOrigin, job) }
  },
})
