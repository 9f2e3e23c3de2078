import type { ListDevicesResponse } from '@aws-sdk/client-cognito-identity-provider'
import { listUserDevices } from '../../../userpool/devices/manage-devices'
import { isKeyCursor, openPageToken, sealPageToken } from '../../page-token'
import { defineTarget } from '../../target'
import { AccessToken, QueryLimit } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { deviceOwner } from './device-owner'
import { deviceType, SearchPaginationToken } from './device-shapes'

export const listDevices = defineTarget<ListDevicesResponse>()({
  auth: 'public',
  input: structure({ AccessToken, Limit: QueryLimit, PaginationToken: SearchPaginationToken }, [
    'AccessToken',
  ]),
  async handle(input, { services, issuerOrigin }) {
    const { pool, loaded } = await deviceOwner(services, input.AccessToken, issuerOrigin)
    const query = { operation: 'ListDevices', poolId: pool.Id, params: { sub: loaded.user.sub } }
    const after = await openPageToken(services, query, input.PaginationToken, isKeyCursor)
    const page = await listUserDevices(services, pool, loaded.user, input.Limit || 60, after)
    const token = await sealPageToken(services, query, page.next)
    return { Devices: page.devices.map(deviceType), ...(token ? { PaginationToken: token } : {}) }
  },
})
