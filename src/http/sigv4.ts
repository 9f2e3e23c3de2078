import { toHex, utf8 } from '../crypto/encoding'
import { hmacSha256, sha256Hex } from '../crypto/hash'
import { constantTimeEqual } from '../crypto/encoding'
import {
  InvalidSignatureException,
  MissingAuthenticationTokenException,
  UnrecognizedClientException,
} from '../errors/cognito'

/** Requests signed more than this far from our clock are refused (AWS's window). */
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000

export interface SignedRequest {
  method: string
  url: URL
  headers: Headers
  body: Uint8Array<ArrayBuffer>
}

export interface VerifiedCaller {
  accessKeyId: string
  region: string
}

/** What a deployment accepts: the scope it answers for, and whether the payload may go unsigned. */
export interface SigV4Policy {
  /** The service the credential scope must name (`cognito-idp` for the Cognito JSON API). */
  service: string
  /** The region this deployment answers as; the credential scope must name it. */
  region: string
  /**
   * Whether `x-amz-content-sha256: UNSIGNED-PAYLOAD` is accepted. S3 accepts it; the JSON APIs
   * must not, as the body (the operation's input) would then be outside the signature.
   */
  allowUnsignedPayload: boolean
  now: number
}

const AUTHORIZATION_PATTERN =
  /^AWS4-HMAC-SHA256\s+Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;_.-]+),\s*Signature=([0-9a-f]{64})$/

const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD'

/**
 * Verifies an AWS Signature Version 4 (header form) against the configured key pairs: credential
 * scope (date, region, service, terminator), signed headers (host, content-type and every
 * `x-amz-*` header sent, so that neither the operation nor any AWS parameter can be swapped under
 * a signature), payload hash, clock skew, and the signature itself, compared in constant time.
 */
export async function verifySigV4(
  request: SignedRequest,
  keys: ReadonlyMap<string, string>,
  policy: SigV4Policy,
): Promise<VerifiedCaller> {
  const { service } = policy
  const authorization = request.headers.get('authorization')
  if (!authorization) throw new MissingAuthenticationTokenException()
  const match = AUTHORIZATION_PATTERN.exec(authorization.trim())
  if (!match)
    throw new InvalidSignatureException(
      'Authorization header is not a valid AWS Signature Version 4 header.',
    )
  const [, accessKeyId, scopeDate, region, scopeService, signedHeaderList, signature] =
    match as unknown as string[]
  // The scope before the key, in the order AWS checks them.
  if (region !== policy.region)
    throw new InvalidSignatureException(
      `Credential should be scoped to a valid region, not '${region!.slice(0, 64)}'.`,
    )
  if (scopeService !== service)
    throw new InvalidSignatureException(
      `Credential should be scoped to correct service: '${service}'.`,
    )
  const secret = keys.get(accessKeyId!)
  if (secret === undefined)
    throw new UnrecognizedClientException('The security token included in the request is invalid.')

  const amzDate = request.headers.get('x-amz-date')
  if (!amzDate || !/^\d{8}T\d{6}Z$/.test(amzDate))
    throw new InvalidSignatureException('Missing or malformed X-Amz-Date header.')
  const signedAt = Date.UTC(
    +amzDate.slice(0, 4),
    +amzDate.slice(4, 6) - 1,
    +amzDate.slice(6, 8),
    +amzDate.slice(9, 11),
    +amzDate.slice(11, 13),
    +amzDate.slice(13, 15),
  )
  if (!Number.isFinite(signedAt) || Math.abs(policy.now - signedAt) > MAX_CLOCK_SKEW_MS) {
    throw new InvalidSignatureException(
      'Signature expired: the request time is outside the allowed clock skew.',
    )
  }
  if (amzDate.slice(0, 8) !== scopeDate)
    throw new InvalidSignatureException('Credential scope date does not match X-Amz-Date.')

  const signedHeaders = signedHeaderList!.split(';')
  if (!signedHeaders.includes('host') || !signedHeaders.includes('x-amz-date')) {
    throw new InvalidSignatureException('Host and X-Amz-Date must be signed.')
  }
  const unsigned = mustBeSigned(request.headers).find((name) => !signedHeaders.includes(name))
  if (unsigned !== undefined)
    throw new InvalidSignatureException(
      `'${unsigned}' must be a 'SignedHeader' in the AWS Authorization.`,
    )
  const payloadHash = await sha256Hex(request.body)
  const declaredHash = request.headers.get('x-amz-content-sha256')
  const unsignedPayload = declaredHash === UNSIGNED_PAYLOAD
  if (unsignedPayload && !policy.allowUnsignedPayload)
    throw new InvalidSignatureException(
      `${UNSIGNED_PAYLOAD} is not accepted by this service: the request payload must be signed.`,
    )
  if (declaredHash !== null && !unsignedPayload && declaredHash !== payloadHash) {
    throw new InvalidSignatureException(
      'The provided x-amz-content-sha256 header does not match the request body.',
    )
  }
  const canonicalHeaders = signedHeaders.map((name) => {
    const value =
      name === 'host'
        ? (request.headers.get('host') ?? request.url.host)
        : request.headers.get(name)
    if (value === null)
      throw new InvalidSignatureException(`Signed header ${name} is missing from the request.`)
    return `${name}:${value.trim().replace(/\s+/g, ' ')}\n`
  })
  const canonicalRequest = [
    request.method,
    canonicalPath(request.url.pathname),
    canonicalQuery(request.url.searchParams),
    canonicalHeaders.join(''),
    signedHeaders.join(';'),
    unsignedPayload ? UNSIGNED_PAYLOAD : payloadHash,
  ].join('\n')
  const scope = `${scopeDate}/${region}/${service}/aws4_request`
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, await sha256Hex(canonicalRequest)].join(
    '\n',
  )
  let key = await hmacSha256(utf8(`AWS4${secret}`), scopeDate!)
  for (const part of [region!, service, 'aws4_request']) key = await hmacSha256(key, part)
  const expected = toHex(await hmacSha256(key, stringToSign))
  if (!constantTimeEqual(utf8(expected), utf8(signature!))) {
    throw new InvalidSignatureException(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    )
  }
  return { accessKeyId: accessKeyId!, region: region! }
}

/**
 * The headers a request carries that its signature must cover: content-type (it decides how the
 * body is read) and every `x-amz-*` header, among them X-Amz-Target, which names the operation.
 */
function mustBeSigned(headers: Headers): string[] {
  return [...headers.keys()].filter((name) => name === 'content-type' || name.startsWith('x-amz-'))
}

const encodeRfc3986 = (text: string) =>
  encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )

/**
 * The canonical URI of every AWS service but S3: the path as sent, without empty, "." and ".."
 * segments, each segment URI-encoded once more (so a label sent as `us-east-1%3Aid` is signed as
 * `us-east-1%253Aid`), as the AWS signers compute it.
 */
function canonicalPath(pathname: string): string {
  const segments: string[] = []
  for (const segment of pathname.split('/')) {
    if (segment === '..') segments.pop()
    else if (segment !== '' && segment !== '.') segments.push(segment)
  }
  const trailingSlash = segments.length > 0 && pathname.endsWith('/') ? '/' : ''
  return `/${segments.map(encodeRfc3986).join('/')}${trailingSlash}`
}

function canonicalQuery(params: URLSearchParams): string {
  return [...params.entries()]
    .map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
}

/** Parses `ADMIN_KEYS`: "AKID:SECRET" pairs separated by commas or newlines. */
export function parseAdminKeys(text: string | undefined): Map<string, string> {
  const keys = new Map<string, string>()
  for (const entry of (text ?? '').split(/[\n,]/)) {
    const trimmed = entry.trim()
    const colon = trimmed.indexOf(':')
    if (colon > 0) keys.set(trimmed.slice(0, colon), trimmed.slice(colon + 1))
  }
  return keys
}
