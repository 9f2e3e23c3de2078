import type { AdminListDevicesResponse } from '@aws-sdk/client-cognito-identity-provider'
import { listUserDevices } from '../../../userpool/devices/manage-devices'
import { requireUser } from '../../../userpool/store/directory'
import { requirePool } from '../../../userpool/store/pool-repository'
import { isKeyCursor, openPageToken, sealPageToken } from '../../page-token'
import { defineTarget } from '../../target'
import { QueryLimit, Username, UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { deviceType, SearchPaginationToken } from './device-shapes'

export const adminListDevices = defineTarget<AdminListDevicesResponse>()({
  auth: 'sigv4',
  input: structure(
    { UserPoolId, Username, Limit: QueryLimit, PaginationToken: SearchPaginationToken },
    ['UserPoolId', 'Username'],
  ),
  async handle(input, { services }) {
    const pool = await requirePool(services, input.UserPoolId)
    const { user } = await requireUser(services, pool, input.Username)
    const query = { operation: 'AdminListDevices', poolId: pool.Id, params: { sub: user.sub } }
    const after = await openPageToken(services, query, input.PaginationToken, isKeyCursor)
    const page = await listUserDevices(services, pool, user, input.Limit || 60, after)
    const token = await sealPageToken(services, query, page.next)
    return { Devices: page.devices.map(deviceType), ...(token ? { PaginationToken: token } : {}) }
  },
})
