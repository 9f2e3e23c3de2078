import { sha256Hex } from '../../../crypto/hash'
import { MalformedXML, XAmzContentSHA256Mismatch } from '../../../errors/s3'

/**
 * Reads a small request body (an XML request document) whole, refusing it past `maxBytes`, and
 * checks it against a hex `x-amz-content-sha256`.
 */
export async function readSmallBody(
  request: Request,
  payloadHash: string,
  maxBytes: number,
): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0')
  if (declared > maxBytes) throw new MalformedXML('The XML body is too large.')
  const chunks: Uint8Array[] = []
  let size = 0
  if (request.body) {
    const reader = request.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > maxBytes) {
        await reader.cancel()
        throw new MalformedXML('The XML body is too large.')
      }
      chunks.push(value)
    }
  }
  const body = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    body.set(chunk, at)
    at += chunk.byteLength
  }
  if (/^[0-9a-f]{64}$/.test(payloadHash) && (await sha256Hex(body)) !== payloadHash)
    throw new XAmzContentSHA256Mismatch()
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body)
  } catch {
    throw new MalformedXML('The XML body is not UTF-8.')
  }
}
