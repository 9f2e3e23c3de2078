import type { ConfirmDeviceResponse } from '@aws-sdk/client-cognito-identity-provider'
import { confirmDevice as confirm } from '../../../userpool/devices/confirm-device'
import { defineTarget } from '../../target'
import { AccessToken } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { deviceOwner } from './device-owner'
import { DeviceKey, DeviceName, DeviceSecretVerifierConfig } from './device-shapes'

export const confirmDevice = defineTarget<ConfirmDeviceResponse>()({
  auth: 'public',
  input: structure({ AccessToken, DeviceKey, DeviceSecretVerifierConfig, DeviceName }, [
    'AccessToken',
    'DeviceKey',
  ]),
  async handle(input, { services, issuerOrigin, sourceIp }) {
    const { pool, loaded, claims } = await deviceOwner(services, input.AccessToken, issuerOrigin)
    const tokenDevice = typeof claims.device_key === 'string' ? claims.device_key : undefined
    return confirm(services, pool, loaded.user, tokenDevice, input, sourceIp)
  },
})
