import { forgetDevice } from '../../../userpool/devices/manage-devices'
import { requireUser } from '../../../userpool/store/directory'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget, type NoOutput } from '../../target'
import { Username, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { DeviceKey } from './device-shapes'

/** AdminForgetDevice: the device no longer signs in nor refreshes; the answer is empty. */
export const adminForgetDevice = defineTarget<NoOutput>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, Username, DeviceKey }, ['UserPoolId', 'Username', 'DeviceKey']),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    const { user } = await requireUser(services, pool, input.Username)
    await forgetDevice(services, pool, user, input.DeviceKey)
    return {}
  },
})
