import { fromBase64, toBase64 } from '../../crypto/encoding'
import { hmacSha256 } from '../../crypto/hash'
import type { FunctionAnswer, FunctionCall } from '../../userpool/triggers/invoker'
import { errorMessageOf, isJsonContentType, postEvent, TOO_LARGE_MESSAGE } from './answer-body'

/**
 * The headers of a Standard Webhooks delivery of `body`: a fresh `webhook-id`, the
 * `webhook-timestamp` (Unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256>` over
 * `id.timestamp.body`, keyed with the base64 secret after its `whsec_` prefix.
 */
export async function standardWebhookHeaders(
  secret: string,
  body: string,
  now: number,
): Promise<Record<string, string>> {
  const id = `msg_${crypto.randomUUID()}`
  const timestamp = Math.floor(now / 1000)
  const key = fromBase64(secret.replace(/^whsec_/, ''))
  const signature = toBase64(await hmacSha256(key, `${id}.${timestamp}.${body}`))
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': `v1,${signature}`,
  }
}

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
  const answer = await postEvent(url, call, await standardWebhookHeaders(secret, call.payload, now))
  if (answer.kind !== 'answered') return answer
  const { response, body } = answer
  if (response.status === 429 || response.status >= 500)
    return {
      kind: 'unreachable',
      reason: `the webhook answered ${response.status}`,
      retryable: true,
      ...(response.status === 429 ? { throttled: true } : {}),
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
