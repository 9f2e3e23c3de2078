import { sha256Hex } from '../../../crypto/hash'
import { MalformedXML, XAmzContentSHA256Mismatch } from '../../../errors/s3'
import { readLimitedBody } from '../../../http/body'

/**
 * Reads a small request body (an XML request document) whole, refusing it past `maxBytes`, and
 * checks it against a hex `x-amz-content-sha256`.
 */
export async function readSmallBody(
  request: Request,
  payloadHash: string,
  maxBytes: number,
): Promise<string> {
  const body = await readLimitedBody(
    request,
    maxBytes,
    () => new MalformedXML('The XML body is too large.'),
  )
  if (/^[0-9a-f]{64}$/.test(payloadHash) && (await sha256Hex(body)) !== payloadHash)
    throw new XAmzContentSHA256Mismatch()
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body)
  } catch {
    throw new MalformedXML('The XML body is not UTF-8.')
  }
}
