import type { AdminUpdateDeviceStatusResponse } from '@aws-sdk/client-cognito-identity-provider'
import { setDeviceRemembered } from '../../../userpool/devices/manage-devices'
import { requireUser } from '../../../userpool/store/directory'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { Username, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { DeviceKey, DeviceRememberedStatus } from './device-shapes'

export const adminUpdateDeviceStatus = defineTarget<AdminUpdateDeviceStatusResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, Username, DeviceKey, DeviceRememberedStatus }, [
    'UserPoolId',
    'Username',
    'DeviceKey',
  ]),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    const { user } = await requireUser(services, pool, input.Username)
    const remembered = input.DeviceRememberedStatus === 'remembered'
    await setDeviceRemembered(services, pool, user, input.DeviceKey, remembered)
    return {}
  },
})
