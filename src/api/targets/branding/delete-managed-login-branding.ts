import { deleteBranding } from '../../../userpool/branding/managed-login-branding'
import { defineTarget, type NoOutput } from '../../target'
import { structure } from '../../validation/shape'
import { ManagedLoginBrandingId, UserPoolId } from './managed-login-branding-type'

export const deleteManagedLoginBranding = defineTarget<NoOutput>()({
  auth: 'sigv4',
  input: structure({ ManagedLoginBrandingId, UserPoolId }, [
    'ManagedLoginBrandingId',
    'UserPoolId',
  ]),
  async handle(input, { services }) {
    await deleteBranding(services, input.UserPoolId, input.ManagedLoginBrandingId)
    return {}
  },
})
