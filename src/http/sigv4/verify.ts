import { constantTimeEqual, utf8 } from '../../crypto/encoding'
import { sha256Hex } from '../../crypto/hash'
import { canonicalHeaders, canonicalQuery, doubleEncodedPath, s3Path } from './canonical'
import { fromHeader, fromQuery, isPresigned, type Presented } from './credentials'
import { SigV4Failure } from './failure'
import { parseAmzDate, signatureOf } from './signing'

/** Requests signed more than this far from our clock are refused (AWS's window). */
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000

export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD'
export const STREAMING_UNSIGNED_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER'

/**
 * Finds the secret of an access key and who holds it. `sessionToken` is the
 * `X-Amz-Security-Token` sent (temporary credentials); a lookup that cannot accept it answers
 * null, and one that finds it expired throws `new SigV4Failure('expired-token', …)`.
 */
export type KeyLookup<C> = (
  accessKeyId: string,
  sessionToken: string | undefined,
) => Promise<{ secret: string; caller: C } | null>

/**
 * How the payload enters the signature. `body`: the JSON and query APIs, whose whole body is in
 * hand and hashed here. `s3`: the declared `x-amz-content-sha256` is signed as sent (a hex hash,
 * UNSIGNED-PAYLOAD or STREAMING-UNSIGNED-PAYLOAD-TRAILER) and the caller checks the body against
 * it while streaming; S3 also signs its path without double encoding.
 */
export type PayloadRule =
  | { kind: 'body'; body: Uint8Array<ArrayBuffer>; allowUnsigned: boolean }
  | { kind: 's3' }

export interface SigV4Request {
  method: string
  url: URL
  headers: Headers
}

export interface SigV4Options<C> {
  /** The service the credential scope must name (`cognito-idp`, `s3`, …). */
  service: string
  /** The region this deployment answers as. */
  region: string
  now: number
  lookup: KeyLookup<C>
  payload: PayloadRule
  /** Whether the presigned query form is accepted besides the Authorization header. */
  allowPresigned: boolean
}

export interface SigV4Verified<C> {
  accessKeyId: string
  region: string
  caller: C
  sessionToken: string | undefined
  /** The payload hash the signature covers (a hex hash, or one of the unsigned modes). */
  payloadHash: string
  presigned: boolean
}

/**
 * Verifies an AWS Signature Version 4, header or presigned form: credential scope (region,
 * service, date), key, request time (clock skew, or a presigned URL's validity), signed headers
 * (host, and content-type and every `x-amz-*` header sent, so neither the operation nor any AWS
 * parameter can be swapped under a signature), payload hash, and the signature, compared in
 * constant time. Refusals are SigV4Failures, checked in the order AWS checks them.
 */
export async function verifySignature<C>(
  request: SigV4Request,
  options: SigV4Options<C>,
): Promise<SigV4Verified<C>> {
  const authorization = request.headers.get('authorization')
  const presigned = options.allowPresigned && isPresigned(request.url.searchParams)
  if (presigned && authorization)
    throw new SigV4Failure('malformed', 'Only one auth mechanism allowed.', true)
  if (!authorization && !presigned)
    throw new SigV4Failure('missing-auth', 'The request carries no signature.')
  const presented = presigned
    ? fromQuery(request.url.searchParams)
    : fromHeader(authorization!, request.headers)
  const fail = (kind: SigV4Failure['kind'], message: string) =>
    new SigV4Failure(kind, message, presigned)
  const { scope } = presented
  if (scope.region !== options.region)
    throw fail(
      'wrong-scope',
      `Credential should be scoped to a valid region, not '${scope.region.slice(0, 64)}'.`,
    )
  if (scope.service !== options.service)
    throw fail(
      'wrong-scope',
      `Credential should be scoped to correct service: '${options.service}'.`,
    )
  const key = await options.lookup(presented.accessKeyId, presented.sessionToken)
  if (!key)
    throw presented.sessionToken !== undefined && options.payload.kind === 's3'
      ? fail('invalid-token', 'The provided token is malformed or otherwise invalid.')
      : fail('unknown-key', 'The security token included in the request is invalid.')
  checkTime(presented, options.now, fail)
  const signedHeaders = presented.signedHeaders
  if (!signedHeaders.includes('host') || (!presigned && !signedHeaders.includes('x-amz-date')))
    throw fail('unsigned-header', 'Host and X-Amz-Date must be signed.')
  const unsigned = mustBeSigned(request.headers, options.payload.kind === 's3' && presigned).find(
    (name) => !signedHeaders.includes(name),
  )
  if (unsigned !== undefined)
    throw fail(
      'unsigned-header',
      `'${unsigned}' must be a 'SignedHeader' in the AWS Authorization.`,
    )
  const payloadHash = await payloadHashOf(request, options.payload, presigned, fail)
  const headerLines = canonicalHeaders(signedHeaders, (name) =>
    name === 'host' ? (request.headers.get('host') ?? request.url.host) : request.headers.get(name),
  )
  if (typeof headerLines !== 'string')
    throw fail('malformed', `Signed header ${headerLines.missing} is missing from the request.`)
  const path =
    options.payload.kind === 's3'
      ? s3Path(request.url.pathname)
      : doubleEncodedPath(request.url.pathname)
  if (path === undefined) throw fail('malformed', 'The request path holds a malformed escape.')
  const canonicalRequest = [
    request.method,
    path,
    canonicalQuery(request.url.searchParams, presigned ? 'X-Amz-Signature' : undefined),
    headerLines,
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n')
  const expected = await signatureOf(key.secret, scope, presented.amzDate!, canonicalRequest)
  if (!constantTimeEqual(utf8(expected), utf8(presented.signature)))
    throw fail(
      'bad-signature',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    )
  return {
    accessKeyId: presented.accessKeyId,
    region: scope.region,
    caller: key.caller,
    sessionToken: presented.sessionToken,
    payloadHash,
    presigned,
  }
}

/** The request time: within the skew window (header form), or within a presigned URL's validity. */
function checkTime(
  presented: Presented,
  now: number,
  fail: (kind: SigV4Failure['kind'], message: string) => SigV4Failure,
): void {
  const { amzDate, expiresSeconds } = presented
  const signedAt = amzDate ? parseAmzDate(amzDate) : Number.NaN
  if (!Number.isFinite(signedAt)) throw fail('malformed', 'Missing or malformed X-Amz-Date header.')
  if (expiresSeconds === undefined) {
    if (Math.abs(now - signedAt) > MAX_CLOCK_SKEW_MS)
      throw fail('skew', 'Signature expired: the request time is outside the allowed clock skew.')
  } else {
    if (signedAt - now > MAX_CLOCK_SKEW_MS) throw fail('not-yet-valid', 'Request is not valid yet')
    if (now > signedAt + expiresSeconds * 1000) throw fail('expired', 'Request has expired')
  }
  if (amzDate!.slice(0, 8) !== presented.scope.date)
    throw fail('malformed', 'Credential scope date does not match X-Amz-Date.')
}

/** Payload modes of S3 that sign every chunk: refused, as chunk signatures are not verified here. */
const SIGNED_STREAMING = /^STREAMING-AWS4-(HMAC-SHA256|ECDSA-P256-SHA256)-PAYLOAD(-TRAILER)?$/

async function payloadHashOf(
  request: SigV4Request,
  rule: PayloadRule,
  presigned: boolean,
  fail: (kind: SigV4Failure['kind'], message: string) => SigV4Failure,
): Promise<string> {
  const declared = presigned
    ? (request.url.searchParams.get('X-Amz-Content-Sha256') ??
      request.headers.get('x-amz-content-sha256'))
    : request.headers.get('x-amz-content-sha256')
  if (rule.kind === 's3') {
    if (declared === null) {
      if (presigned) return UNSIGNED_PAYLOAD
      throw fail(
        'missing-content-sha256',
        'Missing required header for this request: x-amz-content-sha256',
      )
    }
    if (SIGNED_STREAMING.test(declared))
      throw fail('unsupported-payload', `x-amz-content-sha256: ${declared} is not supported.`)
    if (declared === UNSIGNED_PAYLOAD || declared === STREAMING_UNSIGNED_TRAILER) return declared
    if (/^[0-9a-f]{64}$/.test(declared)) return declared
    throw fail(
      'malformed',
      'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER or a valid sha256 value.',
    )
  }
  const payloadHash = await sha256Hex(rule.body)
  const unsignedPayload = declared === UNSIGNED_PAYLOAD
  if (unsignedPayload && !rule.allowUnsigned)
    throw fail(
      'unsigned-payload-refused',
      `${UNSIGNED_PAYLOAD} is not accepted by this service: the request payload must be signed.`,
    )
  if (declared !== null && !unsignedPayload && declared !== payloadHash)
    throw fail(
      'content-hash-mismatch',
      'The provided x-amz-content-sha256 header does not match the request body.',
    )
  return unsignedPayload ? UNSIGNED_PAYLOAD : payloadHash
}

/**
 * The headers a request carries that its signature must cover: every `x-amz-*` header (among them
 * X-Amz-Target, which names an operation) and content-type (it decides how a body is read). A
 * presigned S3 URL is the exception for content-type: a browser sets it on a PUT of its own, and
 * to S3 it is only the object's metadata, as it is to AWS.
 */
function mustBeSigned(headers: Headers, presignedS3: boolean): string[] {
  return [...headers.keys()].filter(
    (name) => (name === 'content-type' && !presignedS3) || name.startsWith('x-amz-'),
  )
}
