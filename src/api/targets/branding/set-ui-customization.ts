import type { SetUICustomizationResponse } from '@aws-sdk/client-cognito-identity-provider'
import { requirePool } from '../../../userpool/store/pool-repository'
import { setUICustomization as set } from '../../../userpool/branding/ui-customization'
import { defineTarget } from '../../target'
import { ClientId, UserPoolId } from '../../validation/cognito-shapes'
import { blob, string, structure } from '../../validation/shape'
import { uiCustomizationType } from './ui-customization-type'

export const setUICustomization = defineTarget<SetUICustomizationResponse>()({
  auth: 'sigv4',
  input: structure(
    { UserPoolId, ClientId, CSS: string({ max: 131072 }), ImageFile: blob({ max: 131072 }) },
    ['UserPoolId'],
  ),
  async handle(input, { services, issuerOrigin }) {
    const record = await set(
      services,
      await requirePool(services, input.UserPoolId),
      input.ClientId,
      input.CSS,
      input.ImageFile,
    )
    return { UICustomization: uiCustomizationType(record, issuerOrigin) }
  },
})
