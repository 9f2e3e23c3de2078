import type { FunctionAnswer, FunctionCall } from '../../userpool/triggers/invoker'
import { signedHeaders, type SigningCredentials } from '../sigv4/sign-request'
import { errorMessageOf, postEvent, TOO_LARGE_MESSAGE } from './answer-body'

/**
 * Calls AWS Lambda's Invoke API (`POST /2015-03-31/functions/{arn}/invocations`, RequestResponse)
 * at `endpoint`, signed with SigV4 for the function's region, so IaC written for Cognito keeps its
 * function ARNs. A function error (`X-Amz-Function-Error`) carries the function's `errorMessage`;
 * throttling and 5xx are worth another attempt; other refusals (no such function, access denied)
 * and redirects are not. A payload over Lambda's 6 MB response limit is not read (Lambda itself
 * would have answered `Function.ResponseSizeTooLarge`), nor one that is not UTF-8.
 */
export async function invokeLambda(
  endpoint: string,
  credentials: SigningCredentials,
  call: FunctionCall,
  now: number,
): Promise<FunctionAnswer> {
  const region = call.arn.split(':')[3] || 'us-east-1'
  const url = `${endpoint.replace(/\/+$/, '')}/2015-03-31/functions/${encodeURIComponent(call.arn)}/invocations`
  const headers = await signedHeaders(
    {
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', 'x-amz-invocation-type': 'RequestResponse' },
      body: call.payload,
    },
    credentials,
    { region, service: 'lambda' },
    now,
  )
  const answer = await postEvent(url, call, headers)
  if (answer.kind !== 'answered') return answer
  const { response, body } = answer
  const retryable = response.status === 429 || response.status >= 500
  if (body.kind === 'unreadable')
    return { kind: 'unreachable', reason: body.reason, retryable: true }
  if (response.ok && body.kind === 'too-large')
    return { kind: 'function-error', message: TOO_LARGE_MESSAGE }
  const text = body.kind === 'text' ? body.text : ''
  if (response.ok && response.headers.get('x-amz-function-error'))
    return { kind: 'function-error', message: errorMessageOf(text) }
  if (response.ok && body.kind === 'not-utf8')
    return { kind: 'invalid-answer', reason: 'the function returned bytes that are not UTF-8' }
  if (response.ok) return { kind: 'returned', body: text }
  const errorCode = errorCodeOf(response, text)
  return {
    kind: 'unreachable',
    reason: `Lambda answered ${response.status}: ${errorMessageOf(text).slice(0, 200)}`,
    retryable,
    ...(errorCode && !retryable ? { errorCode } : {}),
    ...(response.status === 429 ? { throttled: true } : {}),
  }
}

/** A rest-json error's code: `x-amzn-ErrorType` (up to any `:`), else the body's `__type` or `code`. */
function errorCodeOf(response: Response, text: string): string | undefined {
  let code = response.headers.get('x-amzn-errortype')?.split(':')[0]
  if (!code)
    try {
      const parsed = JSON.parse(text) as { __type?: unknown; code?: unknown }
      const named = parsed.__type ?? parsed.code
      if (typeof named === 'string') code = named.split('#').pop()
    } catch {
      /* no code in the body */
    }
  return code && /^[A-Za-z][A-Za-z0-9]{0,63}$/.test(code) ? code : undefined
}
