import type { RegisterDeviceResponse } from '@aws-sdk/client-cognito-sync'
import { structure } from '../../api/validation/shape'
import { registerDevice as register } from '../../sync/devices/devices'
import { requireSyncIdentity } from '../../sync/identities/sync-identity'
import { defineSyncOperation } from '../operation'
import { Platform, PushToken } from '../pool-shapes'
import { IdentityId, IdentityPoolId } from '../shapes'

export const registerDevice = defineSyncOperation<RegisterDeviceResponse>()({
  name: 'RegisterDevice',
  method: 'POST',
  path: '/identitypools/{IdentityPoolId}/identity/{IdentityId}/device',
  access: 'identity',
  input: structure({ IdentityPoolId, IdentityId, Platform, Token: PushToken }, [
    'IdentityPoolId',
    'IdentityId',
    'Platform',
    'Token',
  ]),
  async handle(input, { services }) {
    const ref = { identityPoolId: input.IdentityPoolId, identityId: input.IdentityId }
    await requireSyncIdentity(services, ref)
    const deviceId = await register(
      services,
      input.IdentityPoolId,
      input.IdentityId,
      input.Platform,
      input.Token,
    )
    return { DeviceId: deviceId }
  },
})
