import type { MessageSender } from './sender'

export interface TwilioOptions {
  /** The API's origin: https://api.twilio.com, or a service of the same shape. */
  baseUrl: string
  accountSid: string
  authToken: string
  /** The sending number (E.164) or a Messaging Service SID (`MG…`). */
  from: string
}

/** A phone number as Twilio takes it: E.164, a plus and up to 15 digits. */
const E164 = /^\+[1-9]\d{6,14}$/

/**
 * Delivers SMS through Twilio's Messages API: a form-encoded `POST
 * {base}/2010-04-01/Accounts/{AccountSid}/Messages.json` with HTTP basic auth (the account SID and
 * auth token, or an API key SID and secret). Errors carry the status and Twilio's numeric error
 * code, never the token.
 */
export function twilioSmsSender(options: TwilioOptions): MessageSender {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`
  const authorization = `Basic ${btoa(`${options.accountSid}:${options.authToken}`)}`
  return {
    async send(message) {
      if (!E164.test(message.destination))
        throw new Error('the destination is not an E.164 phone number')
      const form = new URLSearchParams({ To: message.destination, Body: message.body })
      form.set(options.from.startsWith('MG') ? 'MessagingServiceSid' : 'From', options.from)
      const response = await fetch(url, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      })
      if (response.ok) {
        await response.body?.cancel()
        return
      }
      const code = await response
        .json()
        .then((body) => (body as { code?: unknown }).code)
        .catch(() => undefined)
      throw new Error(
        `the SMS API answered ${response.status}${typeof code === 'number' ? ` (error ${code})` : ''}`,
      )
    },
  }
}
