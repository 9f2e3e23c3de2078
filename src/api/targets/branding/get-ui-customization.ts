import type { GetUICustomizationResponse } from '@aws-sdk/client-cognito-identity-provider'
import { requireClient, requirePool } from '../../../userpool/store/pool-repository'
import { getUICustomization as get } from '../../../userpool/branding/ui-customization'
import { defineTarget } from '../../target'
import { ClientId, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { uiCustomizationType } from './ui-customization-type'

export const getUICustomization = defineTarget<GetUICustomizationResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, ClientId }, ['UserPoolId']),
  async handle(input, { services, issuerOrigin }) {
    const pool = await requirePool(services, input.UserPoolId)
    if (input.ClientId && input.ClientId !== 'ALL')
      await requireClient(services, pool.Id, input.ClientId)
    const record = await get(services, pool, input.ClientId)
    return {
      UICustomization: record
        ? uiCustomizationType(record, issuerOrigin)
        : { UserPoolId: pool.Id, ClientId: input.ClientId ?? 'ALL' },
    }
  },
})
