import type { StopUserImportJobResponse } from '@aws-sdk/client-cognito-identity-provider'
import { stopImportJob } from '../../../userpool/imports/import-jobs'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { jobInput, userImportJobType } from './import-job-type'

export const stopUserImportJob = defineTarget<StopUserImportJobResponse>()({
  auth: 'sigv4',
  input: jobInput,
  async handle(input, { services, issuerOrigin }) {
    const pool = await requirePool(services, input.UserPoolId)
    const job = await stopImportJob(services, pool.Id, input.JobId)
    return { UserImportJob: await userImportJobType(services, issuerOrigin, job) }
  },
})
