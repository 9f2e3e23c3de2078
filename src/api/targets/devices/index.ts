import type { TargetTable } from '../../target'
import { adminForgetDevice } from './admin-forget-device'
import { adminGetDevice } from './admin-get-device'
import { adminListDevices } from './admin-list-devices'
import { adminUpdateDeviceStatus } from './admin-update-device-status'
import { confirmDevice } from './confirm-device'
import { forgetDevice } from './forget-device'
import { getDevice } from './get-device'
import { listDevices } from './list-devices'
import { updateDeviceStatus } from './update-device-status'

/** Remembered devices: confirming, listing, remembering and forgetting a user's devices. */
export const deviceTargets: TargetTable = {
  ConfirmDevice: confirmDevice,
  ListDevices: listDevices,
  GetDevice: getDevice,
  UpdateDeviceStatus: updateDeviceStatus,
  ForgetDevice: forgetDevice,
  AdminListDevices: adminListDevices,
  AdminGetDevice: adminGetDevice,
  AdminUpdateDeviceStatus: adminUpdateDeviceStatus,
  AdminForgetDevice: adminForgetDevice,
}
