import { requireBrandingOfClient } from '../../../userpool/branding/managed-login-branding'
import { defineTarget } from '../../target'
import { ClientId } from '../../validation/cognito-shapes'
import { boolean, structure } from '../../validation/shape'
import {
  type BrandingResponse,
  managedLoginBrandingType,
  UserPoolId,
} from './managed-login-branding-type'

export const describeManagedLoginBrandingByClient = defineTarget<BrandingResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, ClientId, ReturnMergedResources: boolean() }, [
    'UserPoolId',
    'ClientId',
  ]),
  async handle(input, { services }) {
    const style = await requireBrandingOfClient(services, input.UserPoolId, input.ClientId)
    return { ManagedLoginBranding: managedLoginBrandingType(style) }
  },
})
