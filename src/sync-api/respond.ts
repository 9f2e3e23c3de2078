import { asPortcullisError } from '../errors/respond'

/** CORS for browser clients: the sync API is signed (SigV4), never cookie-authenticated. */
export const SYNC_CORS_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  'access-control-allow-headers':
    'Content-Type, X-Amz-User-Agent, X-Amz-Date, X-Amz-Content-Sha256, X-Amz-Security-Token, X-Amz-Client-Context, Authorization, amz-sdk-invocation-id, amz-sdk-request',
  'access-control-expose-headers': 'x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date',
  'access-control-max-age': '86400',
}

/**
 * Renders an error on Cognito Sync's REST-JSON wire: the error's status, `x-amzn-ErrorType: Code`
 * and `{"message": ...}` (the SDK's REST-JSON error parser reads the header and the body). The one
 * place sync API errors are built; anything not from the catalogue is InternalErrorException with
 * nothing leaked.
 */
export function syncErrorResponse(thrown: unknown, requestId: string): Response {
  const error = asPortcullisError(thrown)
  if (error.status >= 500)
    console.error(`sync [${requestId}] ${error.code}: ${error.detail ?? error.message}`)
  return new Response(JSON.stringify({ message: error.publicMessage }), {
    status: error.status,
    headers: {
      'content-type': 'application/json',
      'x-amzn-errortype': error.code,
      'x-amzn-requestid': requestId,
      ...SYNC_CORS_HEADERS,
    },
  })
}

/** A successful answer: the operation's output as JSON. */
export function syncResponse(output: object, requestId: string): Response {
  return new Response(JSON.stringify(output), {
    status: 200,
    headers: {
      'content-type': 'application/json',
      'x-amzn-requestid': requestId,
      ...SYNC_CORS_HEADERS,
    },
  })
}
