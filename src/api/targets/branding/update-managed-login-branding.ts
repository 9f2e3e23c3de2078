import { InvalidParameterException } from '../../../errors/cognito'
import { updateBranding } from '../../../userpool/branding/managed-login-branding'
import { defineTarget } from '../../target'
import { structure } from '../../validation/shape'
import {
  brandingInput,
  brandingMembers,
  ManagedLoginBrandingId,
  managedLoginBrandingType,
  UserPoolId,
  type BrandingResponse,
} from './managed-login-branding-type'

export const updateManagedLoginBranding = defineTarget<BrandingResponse>()({
  auth: 'sigv4',
  // The model marks nothing required; a style is named by both, so both are needed.
  input: structure({ UserPoolId, ManagedLoginBrandingId, ...brandingMembers }),
  async handle({ UserPoolId: poolId, ManagedLoginBrandingId: id, ...input }, { services }) {
    if (poolId === undefined || id === undefined)
      throw new InvalidParameterException(
        'UserPoolId and ManagedLoginBrandingId are required to update a managed login style.',
      )
    const style = await updateBranding(services, poolId, id, brandingInput(input))
    return { ManagedLoginBranding: managedLoginBrandingType(style) }
  },
})
