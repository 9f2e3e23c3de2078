import type { DeviceNotifier } from '../sync/push/device-notifier'
import { standardWebhookHeaders } from './functions/standard-webhook'

/**
 * Hands each notice for registered devices to PUSH_WEBHOOK_URL as a JSON POST signed per the
 * Standard Webhooks specification, as trigger webhooks are: `{"type": "cognito-sync.push",
 * "devices": [{deviceId, platform, token, applicationArn}], "payload": {source, identityPoolId, identityId,
 * datasetName, syncCount}}`. A non-2xx answer is a failed delivery; redirects are not followed.
 */
export function pushWebhook(url: string, secret: string, now: () => number): DeviceNotifier {
  return {
    async notify(notice) {
      const body = JSON.stringify({ type: 'cognito-sync.push', ...notice })
      const response = await fetch(url, {
        method: 'POST',
        headers: await standardWebhookHeaders(secret, body, now()),
        body,
        redirect: 'manual',
      })
      await response.body?.cancel()
      if (!response.ok) throw new Error(`the push webhook answered ${response.status}`)
    },
  }
}
