import { requireBranding } from '../../../userpool/branding/managed-login-branding'
import { defineTarget } from '../../target'
import { boolean, structure } from '../../validation/shape'
import {
  ManagedLoginBrandingId,
  managedLoginBrandingType,
  UserPoolId,
  type BrandingResponse,
} from './managed-login-branding-type'

export const describeManagedLoginBranding = defineTarget<BrandingResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, ManagedLoginBrandingId, ReturnMergedResources: boolean() }, [
    'UserPoolId',
    'ManagedLoginBrandingId',
  ]),
  async handle(input, { services }) {
    const style = await requireBranding(services, input.UserPoolId, input.ManagedLoginBrandingId)
    return { ManagedLoginBranding: managedLoginBrandingType(style) }
  },
})
