import type { UpdateDeviceStatusResponse } from '@aws-sdk/client-cognito-identity-provider'
import { setDeviceRemembered } from '../../../userpool/devices/manage-devices'
import { defineTarget } from '../../target'
import { AccessToken } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { deviceOwner } from './device-owner'
import { DeviceKey, DeviceRememberedStatus } from './device-shapes'

export const updateDeviceStatus = defineTarget<UpdateDeviceStatusResponse>()({
  auth: 'public',
  input: structure({ AccessToken, DeviceKey, DeviceRememberedStatus }, [
    'AccessToken',
    'DeviceKey',
  ]),
  async handle(input, { services, issuerOrigin }) {
    const { pool, loaded } = await deviceOwner(services, input.AccessToken, issuerOrigin)
    const remembered = input.DeviceRememberedStatus === 'remembered'
    await setDeviceRemembered(services, pool, loaded.user, input.DeviceKey, remembered)
    return {}
  },
})
