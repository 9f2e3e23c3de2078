import type { DeviceType } from '@aws-sdk/client-cognito-identity-provider'
import type { UserDevice } from '../../../userpool/model'
import type { Wire } from '../../target'
import { enumeration, string, structure } from '../../validation/shape'

/** DeviceKeyType. */
export const DeviceKey = string({ min: 1, max: 55, pattern: '[\\w-]+_[0-9a-f-]+' })
export const DeviceRememberedStatus = enumeration(['remembered', 'not_remembered'])
/** SearchPaginationTokenType. */
export const SearchPaginationToken = string({ min: 1, pattern: '[\\S]+' })
export const DeviceName = string({ min: 1, max: 1024 })
export const DeviceSecretVerifierConfig = structure({
  PasswordVerifier: string({ max: 131072 }),
  Salt: string({ max: 131072 }),
})

const seconds = (ms: number) => ms / 1000

/**
 * Cognito's DeviceType: the device's name, status and last address as DeviceAttributes (the
 * names Cognito's own answers use), and its dates in epoch seconds.
 */
export function deviceType(device: UserDevice): Wire<DeviceType> {
  const attributes = [
    { Name: 'device_status', Value: 'valid' },
    ...(device.name ? [{ Name: 'device_name', Value: device.name }] : []),
    {
      Name: 'dev:device_remembered_status',
      Value: device.remembered ? 'remembered' : 'not_remembered',
    },
    ...(device.lastIp ? [{ Name: 'last_ip_used', Value: device.lastIp }] : []),
  ]
  return {
    DeviceKey: device.deviceKey,
    DeviceAttributes: attributes,
    DeviceCreateDate: seconds(device.createdAt),
    DeviceLastModifiedDate: seconds(device.updatedAt),
    DeviceLastAuthenticatedDate: seconds(device.lastAuthenticatedAt),
  }
}
