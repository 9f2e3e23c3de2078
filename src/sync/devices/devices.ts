import {
  InvalidConfigurationException,
  InvalidParameterException,
  LimitExceededException,
  ResourceNotFoundException,
} from '../../errors/sync'
import { storeKey, storeKeyPrefix } from '../../storage/keys'
import type { Stores } from '../../storage/record-store'
import {
  type PoolSyncConfiguration,
  poolSyncConfiguration,
} from '../configuration/pool-configuration'

/** RegisterDevice's platforms (the model's Platform enum). */
export const PLATFORMS = ['APNS', 'APNS_SANDBOX', 'GCM', 'ADM'] as const
export type Platform = (typeof PLATFORMS)[number]

/** A device registered to an identity, in the identity's sync store. */
export interface RegisteredDevice {
  DeviceId: string
  Platform: Platform
  /** The platform's push token (an APNs device token, an FCM/GCM registration id, an ADM id). */
  Token: string
  /** The pool's SNS platform application for the platform, which the push goes through. */
  ApplicationArn: string
  /** Epoch milliseconds of the last registration. */
  registeredAt: number
}

/** A device's subscription to one dataset, in the identity's sync store. */
interface Subscription {
  DeviceId: string
  DatasetName: string
}

/**
 * The identity's own store holds its devices (`device:{deviceId}`) and their subscriptions
 * (`subscription:{datasetName}:{deviceId}`, so that the devices of one dataset are one prefix
 * scan when a change is pushed).
 */
const deviceKey = (deviceId: string) => storeKey('device', deviceId)
const DEVICE_PREFIX = storeKeyPrefix('device')
/** Devices one identity may have registered. */
const MAX_DEVICES = 100
const subscriptionKey = (datasetName: string, deviceId: string) =>
  storeKey('subscription', datasetName, deviceId)

type Services = { stores: Stores; now(): number }

/**
 * The pool's SNS platform application for a platform: the PushSync ApplicationArn whose platform
 * segment (`app/{PLATFORM}/{name}`) is the device's. Without one (or without push sync at all)
 * the pool cannot push to the device, which is Cognito's InvalidConfigurationException.
 */
function applicationFor(configuration: PoolSyncConfiguration, platform: Platform): string {
  const push = configuration.PushSync
  const arn = push?.RoleArn
    ? push.ApplicationArns?.find((candidate) => candidate.split(':')[5]?.split('/')[1] === platform)
    : undefined
  if (arn === undefined)
    throw new InvalidConfigurationException(
      `Push sync is not configured for platform ${platform} in this identity pool.`,
    )
  return arn
}

/**
 * A device's id: the same for the same identity and token (a device registering again gets the
 * id it had), and unrelated across identities. The first 128 bits of SHA-256 over both, spelled
 * as a UUID.
 */
async function deviceIdOf(identityId: string, token: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${identityId}\n${token}`)),
  )
  const hex = [...digest.slice(0, 16)].map((byte) => byte.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/**
 * RegisterDevice: keeps the identity's device (platform and token) and answers its DeviceId,
 * stable for the identity and token. Needs the pool's push sync to have an application for the
 * platform.
 */
export async function registerDevice(
  services: Services,
  identityPoolId: string,
  identityId: string,
  platform: Platform,
  token: string,
): Promise<string> {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH)
    throw new InvalidParameterException(
      `The push token must have between 1 and ${MAX_TOKEN_LENGTH} characters.`,
    )
  const configuration = await poolSyncConfiguration(services, identityPoolId)
  const applicationArn = applicationFor(configuration, platform)
  const deviceId = await deviceIdOf(identityId, token)
  const device: RegisteredDevice = {
    DeviceId: deviceId,
    Platform: platform,
    Token: token,
    ApplicationArn: applicationArn,
    registeredAt: services.now(),
  }
  const store = services.stores.syncData(identityId)
  const key = deviceKey(deviceId)
  const known = await store.get<RegisteredDevice>(key)
  // Each new token is a new device: without a bound, one identity could store without end.
  if (!known && (await store.count(DEVICE_PREFIX)) >= MAX_DEVICES)
    throw new LimitExceededException(`An identity may register at most ${MAX_DEVICES} devices.`)
  await store.commit({ put: [{ key, value: device }] })
  return deviceId
}

/**
 * Push tokens are opaque to Cognito's model (no length); the platforms' are far shorter than this
 * (APNs 64 hex digits, FCM about 160 characters), which bounds what one registration may store.
 */
const MAX_TOKEN_LENGTH = 4096

async function requireDevice(services: Services, identityId: string, deviceId: string) {
  const device = await services.stores
    .syncData(identityId)
    .get<RegisteredDevice>(deviceKey(deviceId))
  if (!device)
    throw new ResourceNotFoundException(
      `Device ${deviceId.slice(0, 256)} is not registered to this identity.`,
    )
  return device.value
}

/**
 * SubscribeToDataset: the device (registered to this identity) is told of changes to the dataset
 * made elsewhere. Subscribing again changes nothing. Needs push sync for the device's platform.
 */
export async function subscribeToDataset(
  services: Services,
  identityPoolId: string,
  identityId: string,
  datasetName: string,
  deviceId: string,
): Promise<void> {
  const device = await requireDevice(services, identityId, deviceId)
  applicationFor(await poolSyncConfiguration(services, identityPoolId), device.Platform)
  const subscription: Subscription = { DeviceId: deviceId, DatasetName: datasetName }
  await services.stores
    .syncData(identityId)
    .commit({ put: [{ key: subscriptionKey(datasetName, deviceId), value: subscription }] })
}

/**
 * UnsubscribeFromDataset: the device is no longer told of the dataset's changes. Allowed even
 * after the pool's push sync is switched off, so that devices can always stop listening.
 */
export async function unsubscribeFromDataset(
  services: Services,
  identityId: string,
  datasetName: string,
  deviceId: string,
): Promise<void> {
  await requireDevice(services, identityId, deviceId)
  await services.stores
    .syncData(identityId)
    .commit({ delete: [subscriptionKey(datasetName, deviceId)] })
}

/**
 * The devices of the identity subscribed to a dataset, for the push that follows a change to it
 * (the writing device is the caller's to skip). A subscription whose device is gone is not named.
 */
export async function datasetSubscribers(
  services: { stores: Stores },
  identityId: string,
  datasetName: string,
): Promise<RegisteredDevice[]> {
  const store = services.stores.syncData(identityId)
  const devices: RegisteredDevice[] = []
  let after: string | undefined
  do {
    const page = await store.list<Subscription>(storeKeyPrefix('subscription', datasetName), {
      ...(after !== undefined ? { after } : {}),
    })
    const found = await store.getMany<RegisteredDevice>(
      page.records.map((record) => deviceKey(record.value.DeviceId)),
    )
    for (const device of found) if (device) devices.push(device.value)
    after = page.next
  } while (after !== undefined)
  return devices
}
