import type { GetCSVHeaderResponse } from '@aws-sdk/client-cognito-identity-provider'
import { csvHeader } from '../../../userpool/imports/csv-header'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const getCSVHeader = defineTarget<GetCSVHeaderResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId }, ['UserPoolId']),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    return { UserPoolId: pool.Id, CSVHeader: csvHeader(pool) }
  },
})
