import type { GetUserPoolMfaConfigResponse } from '@aws-sdk/client-cognito-identity-provider'
import { poolMfaConfig } from '../../../userpool/mfa/pool-mfa-config'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const getUserPoolMfaConfig = defineTarget<GetUserPoolMfaConfigResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId }, ['UserPoolId']),
  async handle(input, { services }) {
    return poolMfaConfig(await requirePool(services, input.UserPoolId))
  },
})
