import type { PushSockets } from '../../storage/push-sockets'
import type { DeviceNotifier, RegisteredDevice } from './device-notifier'
import { type PushPayload, pushPayload } from './push-payload'

/** What pushing a change needs: the identities' sockets and the push webhook (each optional). */
export interface PushServices {
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
 * to it, and the registered devices (`subscribers`, from RegisterDevice and SubscribeToDataset)
 * through the push webhook. The writing device is skipped both ways. A failure of one way is
 * logged and does not stop the other: the change is committed, and a device that missed the
 * notice still sees it on its next sync. Returns how many sockets and devices were told.
 */
export async function pushAcceptedSync(
  services: PushServices,
  change: PushedChange,
  subscribers: readonly RegisteredDevice[],
): Promise<{ sockets: number; devices: number }> {
  const payload = pushPayload(change)
  const [sockets, devices] = await Promise.all([
    toSockets(services, change, payload),
    notifyRegisteredDevices(services, payload, subscribers, change.deviceId),
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

/**
 * Hands the payload to the push webhook for each registered device but the writer's; nothing is
 * sent when no webhook is configured or no device is left. Returns how many devices it named.
 */
export async function notifyRegisteredDevices(
  services: PushServices,
  payload: PushPayload,
  subscribers: readonly RegisteredDevice[],
  writerDeviceId: string | undefined,
): Promise<number> {
  const devices = subscribers.filter((device) => device.deviceId !== writerDeviceId)
  if (!services.deviceNotifier || devices.length === 0) return 0
  try {
    await services.deviceNotifier.notify({ devices, payload })
    return devices.length
  } catch (error) {
    console.error(`the push webhook refused a notice for ${payload.identityId}: ${String(error)}`)
    return 0
  }
}
