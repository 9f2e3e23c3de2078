import { fromBase64, toBase64 } from '../../crypto/encoding'
import { hmacSha256 } from '../../crypto/hash'
import type { FunctionAnswer, FunctionCall } from '../../userpool/triggers/invoker'
import { isJsonContentType, readAnswerBody, TOO_LARGE_MESSAGE } from './answer-body'

/**
 * POSTs the event to an HTTPS endpoint signed per the Standard Webhooks specification
 * (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256>` over
 * `id.timestamp.body`, keyed with the base64 secret after its `whsec_` prefix), so the
 * `standardwebhooks` libraries verify it in any language. A 2xx answer's body is the returned
 * event (JSON in UTF-8; a body over Lambda's 6 MB response limit is refused as Lambda refuses it);
 * a 4xx answer is the function's error (`errorMessage` or `message` of a JSON body, else its
 * text); 429, 5xx and network failures are worth another attempt; redirects are not followed.
 */
export async function invokeWebhook(
  url: string,
  secret: string,
  call: FunctionCall,
  now: number,
): Promise<FunctionAnswer> {
  const id = `msg_${crypto.randomUUID()}`
  const timestamp = Math.floor(now / 1000)
  const key = fromBase64(secret.replace(/^whsec_/, ''))
  const signature = toBase64(await hmacSha256(key, `${id}.${timestamp}.${call.payload}`))
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': `v1,${signature}`,
      },
      body: call.payload,
      signal: call.signal,
      redirect: 'manual',
    })
  } catch (error) {
    return { kind: 'unreachable', reason: reasonOf(error), retryable: true }
  }
  const body = await readAnswerBody(response)
  if (response.status === 429 || response.status >= 500)
    return {
      kind: 'unreachable',
      reason: `the webhook answered ${response.status}`,
      retryable: true,
    }
  if (body.kind === 'unreadable')
    return { kind: 'unreachable', reason: body.reason, retryable: true }
  if (response.ok) {
    if (body.kind === 'too-large') return { kind: 'function-error', message: TOO_LARGE_MESSAGE }
    if (body.kind === 'not-utf8')
      return { kind: 'invalid-answer', reason: 'the webhook answered bytes that are not UTF-8' }
    if (!isJsonContentType(response.headers.get('content-type')))
      return {
        kind: 'invalid-answer',
        reason: `the webhook answered ${response.headers.get('content-type')}, not JSON`,
      }
    return { kind: 'returned', body: body.text }
  }
  if (response.status >= 400)
    return {
      kind: 'function-error',
      message: body.kind === 'text' ? errorMessageOf(body.text) : `HTTP ${response.status}`,
    }
  return {
    kind: 'unreachable',
    reason: `the webhook answered ${response.status}`,
    retryable: false,
  }
}

/** The message of a JSON error body (`errorMessage`, as a Lambda's, or `message`), else the text itself. */
export function errorMessageOf(text: string): string {
  try {
    const parsed = JSON.parse(text) as { errorMessage?: unknown; message?: unknown }
    if (typeof parsed.errorMessage === 'string') return parsed.errorMessage
    if (typeof parsed.message === 'string') return parsed.message
  } catch {
    /* not JSON: the text is the message */
  }
  return text.slice(0, 1024)
}

export const reasonOf = (error: unknown): string =>
  error instanceof Error ? error.message : 'the request failed'
