import { forgetDevice as forget } from '../../../userpool/devices/manage-devices'
import { defineTarget, type NoOutput } from '../../target'
import { AccessToken } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { deviceOwner } from './device-owner'
import { DeviceKey } from './device-shapes'

/** ForgetDevice: the device no longer signs in nor refreshes; the answer is empty. */
export const forgetDevice = defineTarget<NoOutput>()({
  auth: 'public',
  input: structure({ AccessToken, DeviceKey }, ['DeviceKey']),
  async handle(input, { services, issuerOrigin }) {
    const { pool, loaded } = await deviceOwner(services, input.AccessToken, issuerOrigin)
    await forget(services, pool, loaded.user, input.DeviceKey)
    return {}
  },
})
