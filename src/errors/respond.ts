import { PortcullisError } from './base'
import { element, xmlDocument } from '../xml/writer'
import {
  InternalErrorException,
  InvalidSignatureException,
  MissingAuthenticationTokenException,
  UnrecognizedClientException,
} from './cognito'
import { ExecuteApiError } from './execute-api'
import { GatewayError, Unauthenticated } from './gateway'
import { S3Error } from './s3'
import {
  InvalidClientTokenId,
  MissingAuthenticationToken,
  ServiceFailure,
  SignatureDoesNotMatch,
} from './iam'

/** A rendered error: what goes on the wire, with the same shape for every surface's renderer. */
export interface ErrorReply {
  status: number
  headers: Record<string, string>
  body: string
}

/** Turns anything thrown into a known error; unknown failures become a 500 with nothing leaked. */
export function asPortcullisError(thrown: unknown): PortcullisError {
  if (thrown instanceof PortcullisError) return thrown
  const detail =
    thrown instanceof Error
      ? `${thrown.name}: ${thrown.message}\n${thrown.stack ?? ''}`
      : String(thrown)
  return new InternalErrorException(detail)
}

/**
 * Renders an error on the AWS JSON 1.1 wire: `{"__type","message"}` with `x-amzn-ErrorType`.
 * This is the one place JSON-API error responses are built.
 */
export function respondAwsJson(thrown: unknown, requestId: string): ErrorReply {
  const error = asPortcullisError(thrown)
  if (error.status >= 500)
    console.error(`[${requestId}] ${error.code}: ${error.detail ?? error.message}`)
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

/**
 * The SigV4 verifier is shared by every signed surface and speaks the JSON API's names; the query
 * services call the same failures what AWS's query services call them.
 */
function asQueryError(error: PortcullisError): PortcullisError {
  if (error instanceof MissingAuthenticationTokenException) return new MissingAuthenticationToken()
  if (error instanceof UnrecognizedClientException) return new InvalidClientTokenId()
  if (error instanceof InvalidSignatureException) return new SignatureDoesNotMatch(error.message)
  if (error.status >= 500) return new ServiceFailure(error.detail)
  return error
}

/**
 * Renders an error on the AWS query wire (IAM, STS): `<ErrorResponse>` with the error's `Type`
 * (Sender, or Receiver for our own failures), `Code` and `Message`, and the request id, in the
 * service's XML namespace. This is the one place query-API error responses are built.
 */
export function respondAwsQuery(thrown: unknown, requestId: string, namespace: string): ErrorReply {
  const error = asQueryError(asPortcullisError(thrown))
  if (error.status >= 500)
    console.error(`[${requestId}] ${error.code}: ${error.detail ?? error.message}`)
  const body = xmlDocument(
    element(
      'ErrorResponse',
      [
        element('Error', [
          element('Type', error.status >= 500 ? 'Receiver' : 'Sender'),
          element('Code', error.code),
          element('Message', error.publicMessage),
        ]),
        element('RequestId', requestId),
      ],
      { xmlns: namespace },
    ),
  )
  return {
    status: error.status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body,
  }
}

/** Headers every OAuth and hosted-UI answer carries (RFC 9700 §4.2.4, §4.11; DESIGN §5). */
export const NO_STORE_HEADERS: Record<string, string> = {
  'cache-control': 'no-store',
  pragma: 'no-cache',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
}

/** OAuth JSON error (RFC 6749 §5.2): `{"error","error_description"}`, never cached. */
export function respondOAuthJson(thrown: unknown): ErrorReply {
  const error = asPortcullisError(thrown)
  const code =
    error.status >= 500
      ? 'server_error'
      : /^[a-z_]+$/.test(error.code)
        ? error.code
        : 'invalid_request'
  if (error.status >= 500) console.error(`oauth ${error.code}: ${error.detail ?? error.message}`)
  return {
    status: Math.min(error.status, 500),
    headers: {
      'content-type': 'application/json',
      ...NO_STORE_HEADERS,
      // invalid_client answers the client-authentication scheme (RFC 6749 §5.2); bearer errors RFC 6750's.
      ...(error.status === 401
        ? {
            'www-authenticate':
              code === 'invalid_client' ? 'Basic realm="portcullis"' : `Bearer error="${code}"`,
          }
        : {}),
    },
    body: JSON.stringify({
      error: code,
      error_description: error.status >= 500 ? 'Internal server error' : error.publicMessage,
    }),
  }
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/**
 * A self-contained HTML error page for browser-facing endpoints when redirecting would be unsafe
 * (unknown client, unregistered redirect URI). No scripts, no third-party resources.
 */
export function respondHtmlError(thrown: unknown): ErrorReply {
  const error = asPortcullisError(thrown)
  const status = Math.min(error.status, 500)
  const message = status >= 500 ? 'Something went wrong on our side.' : error.publicMessage
  if (status >= 500) console.error(`html ${error.code}: ${error.detail ?? error.message}`)
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Sign-in error</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f4f5f7;color:#1d2430}main{background:#fff;padding:2rem;border-radius:8px;max-width:28rem;box-shadow:0 1px 3px #0002}h1{font-size:1.25rem;margin-top:0}code{background:#eef;padding:0 .25rem}</style></head>
<body><main role="alert"><h1>We could not complete this sign-in request</h1><p>${escapeHtml(message)}</p><p>Error: <code>${escapeHtml(status >= 500 ? 'server_error' : error.code)}</code></p></main></body></html>`
  return {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      ...NO_STORE_HEADERS,
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      'x-frame-options': 'DENY',
    },
    body,
  }
}

/**
 * Renders a gateway answer that is not the origin's: JSON `{"error","message"}` for API clients,
 * a small HTML page for browsers (`html`), with `WWW-Authenticate` on 401 (RFC 6750) and
 * `Retry-After` on 503. The one place the gateway's own error responses are built.
 */
export function respondGateway(thrown: unknown, options: { html: boolean }): ErrorReply {
  const error = asPortcullisError(thrown)
  const internal = error.status >= 500 && error.status !== 502 && error.status !== 503
  if (error.status >= 500) console.error(`gateway ${error.code}: ${error.detail ?? error.message}`)
  const code = internal && !(error instanceof GatewayError) ? 'server_error' : error.code
  const message =
    internal && !(error instanceof GatewayError) ? 'Internal server error' : error.publicMessage
  const headers: Record<string, string> = { 'cache-control': 'no-store' }
  if (error instanceof Unauthenticated)
    headers['www-authenticate'] =
      `Bearer realm="portcullis"${error.invalidToken ? ', error="invalid_token"' : ''}`
  if (error.status === 503) headers['retry-after'] = '5'
  if (!options.html)
    return {
      status: error.status,
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ error: code, message }),
    }
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(TITLES[error.status] ?? 'Error')}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f4f5f7;color:#1d2430}main{background:#fff;padding:2rem;border-radius:8px;max-width:28rem;box-shadow:0 1px 3px #0002}h1{font-size:1.25rem;margin-top:0}code{background:#eef;padding:0 .25rem}</style></head>
<body><main role="alert"><h1>${escapeHtml(TITLES[error.status] ?? 'Something went wrong')}</h1><p>${escapeHtml(message)}</p><p>Error: <code>${escapeHtml(code)}</code></p></main></body></html>`
  return {
    status: error.status,
    headers: {
      ...headers,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    },
    body,
  }
}

const TITLES: Record<number, string> = {
  400: 'This request cannot be served',
  401: 'Sign-in required',
  403: 'Access denied',
  404: 'Not found',
  500: 'Something went wrong',
  502: 'The site cannot be reached',
  503: 'Sign-in is temporarily unavailable',
}

/**
 * Renders an error on S3's REST-XML wire: `<Error><Code/><Message/><Resource/><RequestId/></Error>`
 * with `x-amz-request-id`; a HEAD answer carries the status alone, as S3's does. Anything that is
 * not an S3 error is S3's InternalError, with nothing leaked. The one place S3 errors are built.
 */
export function respondS3(
  thrown: unknown,
  context: { requestId: string; resource: string; head: boolean },
): ErrorReply {
  const error = asPortcullisError(thrown)
  const known = error instanceof S3Error
  if (!known || error.status >= 500)
    console.error(`s3 [${context.requestId}] ${error.code}: ${error.detail ?? error.message}`)
  const status = known ? error.status : 500
  const headers = {
    'content-type': 'application/xml',
    'x-amz-request-id': context.requestId,
    'cache-control': 'no-store',
  }
  if (context.head) return { status, headers, body: '' }
  const body = xmlDocument(
    element('Error', [
      element('Code', known ? error.code : 'InternalError'),
      element(
        'Message',
        known ? error.publicMessage : 'We encountered an internal error. Please try again.',
      ),
      element('Resource', context.resource),
      element('RequestId', context.requestId),
    ]),
  )
  return { status, headers, body }
}

/**
 * Renders an answer of an IAM-authorised gateway route as API Gateway does: `{"message": ...}`
 * with `x-amzn-ErrorType` and `x-amzn-RequestId`. Anything not from the execute-api catalogue is
 * API Gateway's `Internal server error` (a gateway 502 or 503 keeps its status).
 */
export function respondExecuteApi(thrown: unknown, requestId: string): ErrorReply {
  const error = asPortcullisError(thrown)
  const known = error instanceof ExecuteApiError
  if (!known)
    console.error(`execute-api [${requestId}] ${error.code}: ${error.detail ?? error.message}`)
  const status = known
    ? error.status
    : error.status === 502 || error.status === 503
      ? error.status
      : 500
  return {
    status,
    headers: {
      'content-type': 'application/json',
      'x-amzn-errortype': known ? error.code : 'InternalServerErrorException',
      'x-amzn-requestid': requestId,
      'cache-control': 'no-store',
    },
    body: JSON.stringify({ message: known ? error.publicMessage : 'Internal server error' }),
  }
}
