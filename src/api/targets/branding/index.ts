import type { TargetTable } from '../../target'
import { createManagedLoginBranding } from './create-managed-login-branding'
import { deleteManagedLoginBranding } from './delete-managed-login-branding'
import { describeManagedLoginBranding } from './describe-managed-login-branding'
import { describeManagedLoginBrandingByClient } from './describe-managed-login-branding-by-client'
import { getUICustomization } from './get-ui-customization'
import { setUICustomization } from './set-ui-customization'
import { updateManagedLoginBranding } from './update-managed-login-branding'

export const brandingTargets: TargetTable = {
  SetUICustomization: setUICustomization,
  GetUICustomization: getUICustomization,
  CreateManagedLoginBranding: createManagedLoginBranding,
  DescribeManagedLoginBranding: describeManagedLoginBranding,
  DescribeManagedLoginBrandingByClient: describeManagedLoginBrandingByClient,
  UpdateManagedLoginBranding: updateManagedLoginBranding,
  DeleteManagedLoginBranding: deleteManagedLoginBranding,
}
