import type { TargetTable } from '../../target'
import { getUICustomization } from './get-ui-customization'
import { setUICustomization } from './set-ui-customization'

export const brandingTargets: TargetTable = {
  SetUICustomization: setUICustomization,
  GetUICustomization: getUICustomization,
}
