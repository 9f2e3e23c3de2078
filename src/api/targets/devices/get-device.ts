import type { GetDeviceResponse } from '@aws-sdk/client-cognito-identity-provider'
import { requireDevice } from '../../../userpool/devices/manage-devices'
import { defineTarget } from '../../target'
import { AccessToken } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { deviceOwner } from './device-owner'
import { DeviceKey, deviceType } from './device-shapes'

export const getDevice = defineTarget<GetDeviceResponse>()({
  auth: 'public',
  input: structure({ DeviceKey, AccessToken }, ['DeviceKey']),
  async handle(input, { services, issuerOrigin }) {
    const { pool, loaded } = await deviceOwner(services, input.AccessToken, issuerOrigin)
    return { Device: deviceType(await requireDevice(services, pool, loaded.user, input.DeviceKey)) }
  },
})
