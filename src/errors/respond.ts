import { PortcullisError } from './base'
import { InternalErrorException } from './cognito'

/** A rendered error: what goes on the wire, with the same shape for every surface's renderer. */
export interface ErrorReply {
  status: number
  headers: Record<string, string>
  body: string
}

/** Turns anything thrown into a known error; unknown failures become a 500 with nothing leaked. */
export function asPortcullisError(thrown: unknown): PortcullisError {
  if (thrown instanceof PortcullisError) return thrown
  const detail = thrown instanceof Error ? `${thrown.name}: ${thrown.message}\n${thrown.stack ?? ''}` : String(thrown)
  return new InternalErrorException(detail)
}

/**
 * Renders an error on the AWS JSON 1.1 wire: `{"__type","message"}` with `x-amzn-ErrorType`.
 * This is the one place JSON-API error responses are built.
 */
export function respondAwsJson(thrown: unknown, requestId: string): ErrorReply {
  const error = asPortcullisError(thrown)
  if (error.status >= 500) console.error(`[${requestId}] ${error.code}: ${error.detail ?? error.message}`)
  return {
    status: error.status,
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-errortype': error.code,
      'x-amzn-requestid': requestId,
    },
    body: JSON.stringify({ __type: error.code, message: error.publicMessage }),
  }
}
