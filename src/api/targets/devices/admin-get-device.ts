import type { AdminGetDeviceResponse } from '@aws-sdk/client-cognito-identity-provider'
import { requireDevice } from '../../../userpool/devices/manage-devices'
import { requireUser } from '../../../userpool/store/directory'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { Username, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { DeviceKey, deviceType } from './device-shapes'

export const adminGetDevice = defineTarget<AdminGetDeviceResponse>()({
  auth: 'sigv4',
  input: structure({ DeviceKey, UserPoolId, Username }, ['DeviceKey', 'UserPoolId', 'Username']),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    const { user } = await requireUser(services, pool, input.Username)
    return { Device: deviceType(await requireDevice(services, pool, user, input.DeviceKey)) }
  },
})
