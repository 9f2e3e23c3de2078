import type { PushPayload } from './push-payload'

/** A device RegisterDevice registered, as the push webhook receives it. */
export interface NotifiedDevice {
  deviceId: string
  /** `APNS`, `APNS_SANDBOX`, `GCM` or `ADM`, as RegisterDevice names it. */
  platform: string
  /** The platform's push token. */
  token: string
  /** The pool's SNS platform application for the platform (PushSync's ApplicationArns). */
  applicationArn: string
}

/** One change for the devices subscribed to a dataset, handed on to whatever sends the pushes. */
export interface DeviceNotice {
  devices: NotifiedDevice[]
  payload: PushPayload
}

/**
 * Where APNS and GCM pushes go: Portcullis holds no platform credentials, so a configured webhook
 * (PUSH_WEBHOOK_URL) receives each notice and does the last hop (SNS, FCM, APNs).
 */
export interface DeviceNotifier {
  notify(notice: DeviceNotice): Promise<void>
}
