import { fromHeader, fromQuery, isPresigned } from './credentials'
import { parseAmzDate } from './signing'

/** Requests signed in the header form are accepted this far from our clock (AWS's window). */
const HEADER_SKEW_MS = 15 * 60 * 1000

/**
 * A verified request's signature and the last moment (epoch ms) it could be accepted: a presigned
 * URL's X-Amz-Date plus X-Amz-Expires, a header signature's X-Amz-Date plus the clock-skew
 * window. For refusing a signature used twice: it need only be remembered that long.
 */
export function signatureValidity(request: { url: URL; headers: Headers }): {
  signature: string
  validUntil: number
} {
  const presented = isPresigned(request.url.searchParams)
    ? fromQuery(request.url.searchParams)
    : fromHeader(request.headers.get('authorization') ?? '', request.headers)
  const signedAt = parseAmzDate(presented.amzDate ?? '')
  const validFor =
    presented.expiresSeconds === undefined ? HEADER_SKEW_MS : presented.expiresSeconds * 1000
  return { signature: presented.signature, validUntil: signedAt + validFor }
}
