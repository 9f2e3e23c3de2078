import type { PushPayload } from './push-payload'

/** A device RegisterDevice registered: its platform's token, to be notified of changes. */
export interface RegisteredDevice {
  deviceId: string
  /** `APNS`, `APNS_SANDBOX`, `GCM` or `ADM`, as RegisterDevice names it. */
  platform: string
  token: string
}

/** One change for the devices subscribed to a dataset, handed on to whatever sends the pushes. */
export interface DeviceNotice {
  devices: RegisteredDevice[]
  payload: PushPayload
}

/**
 * Where APNS and GCM pushes go: Portcullis holds no platform credentials, so a configured webhook
 * (PUSH_WEBHOOK_URL) receives each notice and does the last hop (SNS, FCM, APNs).
 */
export interface DeviceNotifier {
  notify(notice: DeviceNotice): Promise<void>
}
