import type { FunctionAnswer, FunctionCall } from '../../userpool/triggers/invoker'

/**
 * Lambda's limit on a synchronous invocation's response (the figure its
 * `Function.ResponseSizeTooLarge` error names): no answer larger is read, whichever target sent it.
 */
export const ANSWER_LIMIT_BYTES = 6_291_556

/** What Lambda says of a function whose response is over the limit (`Function.ResponseSizeTooLarge`). */
export const TOO_LARGE_MESSAGE = `Response payload size exceeded maximum allowed payload size (${ANSWER_LIMIT_BYTES} bytes).`

/** An answer's body as text, or why it cannot be read as JSON text. */
export type AnswerBody =
  | { kind: 'text'; text: string }
  | { kind: 'too-large' }
  | { kind: 'not-utf8' }
  | { kind: 'unreadable'; reason: string }

/**
 * POSTs the event to a target's URL and reads its answer (bounded, as `readAnswerBody`). A request
 * that got no answer at all is worth another attempt. Redirects are never followed: one would
 * carry the event (and a Lambda call's signature) to whatever its Location names.
 */
export async function postEvent(
  url: string,
  call: FunctionCall,
  headers: Record<string, string>,
): Promise<{ kind: 'answered'; response: Response; body: AnswerBody } | FunctionAnswer> {
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers,
      body: call.payload,
      signal: call.signal,
      redirect: 'manual',
    })
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'the request failed'
    return { kind: 'unreachable', reason, retryable: true }
  }
  return { kind: 'answered', response, body: await readAnswerBody(response) }
}

/**
 * Reads a target's answer, at most `limit` bytes of it: the stream is cancelled as soon as it runs
 * over, so a function (or whatever answers at its URL) cannot make the Worker buffer without bound.
 * JSON is UTF-8 (RFC 8259), so bytes that are not UTF-8 are refused rather than replaced with
 * U+FFFD, which would hand the caller a different event from the one sent.
 */
export async function readAnswerBody(
  response: Response,
  limit = ANSWER_LIMIT_BYTES,
): Promise<AnswerBody> {
  const declared = Number(response.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined)
    return { kind: 'too-large' }
  }
  if (!response.body) return { kind: 'text', text: '' }
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > limit) {
        await reader.cancel().catch(() => undefined)
        return { kind: 'too-large' }
      }
      chunks.push(value)
    }
  } catch (error) {
    return { kind: 'unreadable', reason: error instanceof Error ? error.message : 'read failed' }
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  try {
    return {
      kind: 'text',
      text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes),
    }
  } catch {
    return { kind: 'not-utf8' }
  }
}

/**
 * Whether a `content-type` may carry the returned event: JSON (`application/json`, or a `+json`
 * type) in UTF-8, or none at all (a bare body is read as JSON, as Lambda's payload is).
 */
export function isJsonContentType(header: string | null): boolean {
  if (header === null || header.trim() === '') return true
  const [type = '', ...parameters] = header.toLowerCase().split(';')
  const essence = type.trim()
  if (essence !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(essence)) return false
  const charset = parameters
    .map((parameter) => parameter.trim())
    .find((parameter) => parameter.startsWith('charset='))
  return charset === undefined || ['charset=utf-8', 'charset="utf-8"'].includes(charset)
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
