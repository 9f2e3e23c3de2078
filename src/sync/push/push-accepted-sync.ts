import type { PushSockets } from '../../storage/push-sockets'
import type { Stores } from '../../storage/record-store'
import { datasetSubscribers, type RegisteredDevice } from '../devices/devices'
import type { DeviceNotifier } from './device-notifier'
import { type PushPayload, pushPayload } from './push-payload'

/** What pushing a change needs: the stores, the identities' sockets and the push webhook. */
export interface PushServices {
  stores: Stores
  pushSockets?: PushSockets
  deviceNotifier?: DeviceNotifier
}

/** One accepted change of a dataset, and the device that made it (skipped). */
export interface PushedChange {
  identityPoolId: string
  identityId: string
  datasetName: string
  syncCount: number
  deviceId?: string
}

/**
 * Tells the identity's other devices that a dataset changed: every open push socket subscribed
 * to it, and the devices RegisterDevice registered and SubscribeToDataset subscribed to it,
 * through the push webhook. The writing device is skipped both ways. A failure of one way is
 * logged and does not stop the other: the change is committed, and a device that missed the
 * notice still sees it on its next sync. Returns how many sockets and devices were told.
 */
export async function pushAcceptedSync(
  services: PushServices,
  change: PushedChange,
): Promise<{ sockets: number; devices: number }> {
  const payload = pushPayload(change)
  const [sockets, devices] = await Promise.all([
    toSockets(services, change, payload),
    toRegisteredDevices(services, change, payload),
  ])
  return { sockets, devices }
}

async function toSockets(
  services: PushServices,
  change: PushedChange,
  payload: PushPayload,
): Promise<number> {
  if (!services.pushSockets) return 0
  try {
    return await services.pushSockets.broadcast(change.identityId, {
      datasetName: change.datasetName,
      message: JSON.stringify(payload),
      ...(change.deviceId !== undefined ? { exceptDeviceId: change.deviceId } : {}),
    })
  } catch (error) {
    console.error(`push to the sockets of ${change.identityId} failed: ${String(error)}`)
    return 0
  }
}

async function toRegisteredDevices(
  services: PushServices,
  change: PushedChange,
  payload: PushPayload,
): Promise<number> {
  if (!services.deviceNotifier) return 0
  try {
    const subscribers = await datasetSubscribers(services, change.identityId, change.datasetName)
    return await notifyRegisteredDevices(services, payload, subscribers, change.deviceId)
  } catch (error) {
    console.error(`the subscribers of ${change.identityId} could not be read: ${String(error)}`)
    return 0
  }
}

/**
 * Hands the payload to the push webhook for each registered device but the writer's; nothing is
 * sent when no webhook is configured or no device is left. Returns how many devices it named.
 */
async function notifyRegisteredDevices(
  services: PushServices,
  payload: PushPayload,
  subscribers: readonly RegisteredDevice[],
  writerDeviceId: string | undefined,
): Promise<number> {
  const devices = subscribers
    .filter((device) => device.DeviceId !== writerDeviceId)
    .map((device) => ({
      deviceId: device.DeviceId,
      platform: device.Platform,
      token: device.Token,
      applicationArn: device.ApplicationArn,
    }))
  if (!services.deviceNotifier || devices.length === 0) return 0
  try {
    await services.deviceNotifier.notify({ devices, payload })
    return devices.length
  } catch (error) {
    console.error(`the push webhook refused a notice for ${payload.identityId}: ${String(error)}`)
    return 0
  }
}
