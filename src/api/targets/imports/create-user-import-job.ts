import type { CreateUserImportJobResponse } from '@aws-sdk/client-cognito-identity-provider'
import { createImportJob } from '../../../userpool/imports/import-jobs'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import { enumeration, string, structure } from '../../validation/shape'
import { Arn, userImportJobType } from './import-job-type'

export const createUserImportJob = defineTarget<CreateUserImportJobResponse>()({
  auth: 'sigv4',
  input: structure(
    {
      JobName: string({ min: 1, max: 128, pattern: '[\\w\\s+=,.@-]+' }),
      UserPoolId,
      CloudWatchLogsRoleArn: Arn,
      PasswordHashingAlgorithm: enumeration(['BCRYPT', 'SCRYPT', 'ARGON2ID', 'PBKDF2_SHA256']),
    },
    ['JobName', 'UserPoolId', 'CloudWatchLogsRoleArn'],
  ),
  async handle({ UserPoolId: poolId, ...input }, { services, issuerOrigin }) {
    const job = await createImportJob(services, await requirePool(services, poolId), input)
    return { UserImportJob: await userImportJobType(services, issuerOrigin, job) }
  },
})
