import { toHex } from '../crypto/encoding'
import { hmacSha256 } from '../crypto/hash'
import type { MessageSender } from './sender'

/**
 * Delivers each message as a JSON POST to a configured URL, signed like a Stripe/GitHub webhook:
 * `x-portcullis-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 * A relay behind it (SES, SNS, an SMTP bridge) does the last hop. Non-2xx is a delivery failure.
 */
export function webhookSender(url: string, secret: string, now: () => number): MessageSender {
  return {
    async send(message) {
      const body = JSON.stringify({ type: 'message', ...message })
      const timestamp = Math.floor(now() / 1000)
      const signature = toHex(await hmacSha256(secret, `${timestamp}.${body}`))
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-portcullis-signature': `t=${timestamp},v1=${signature}`,
        },
        body,
      })
      await response.body?.cancel()
      if (!response.ok) throw new Error(`message webhook answered ${response.status}`)
    },
  }
}
