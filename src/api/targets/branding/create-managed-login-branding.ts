import { createBranding } from '../../../userpool/branding/managed-login-branding'
import { defineTarget } from '../../target'
import { ClientId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import {
  brandingInput,
  brandingMembers,
  managedLoginBrandingType,
  UserPoolId,
  type BrandingResponse,
} from './managed-login-branding-type'

export const createManagedLoginBranding = defineTarget<BrandingResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, ClientId, ...brandingMembers }, ['UserPoolId', 'ClientId']),
  async handle({ UserPoolId: poolId, ClientId: clientId, ...input }, { services }) {
    const style = await createBranding(services, poolId, clientId, brandingInput(input))
    return { ManagedLoginBranding: managedLoginBrandingType(style) }
  },
})
