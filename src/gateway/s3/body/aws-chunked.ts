/**
 * Decodes `Content-Encoding: aws-chunked` with unsigned chunks
 * (`x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER`): `hex-size\r\n data\r\n` … a zero
 * chunk, then trailer lines `name:value\r\n` and an empty line. Streamed: only one chunk-size or
 * trailer line is ever held, never the body.
 */

/** A chunk-size or trailer line longer than this is not aws-chunked framing. */
const MAX_LINE = 4096
const MAX_TRAILERS = 8

export class ChunkedFramingError extends Error {}

type State = 'size' | 'data' | 'data-end' | 'trailer' | 'done'

/** The decoder; `trailers` holds the trailer headers once the stream has ended. */
export function awsChunkedDecoder(): {
  stream: TransformStream<Uint8Array, Uint8Array>
  trailers: Map<string, string>
} {
  const trailers = new Map<string, string>()
  let state: State = 'size'
  let line = ''
  let remaining = 0
  const readLine = (chunk: Uint8Array, at: number): { end: number; complete: boolean } => {
    let i = at
    while (i < chunk.length && chunk[i] !== 0x0a) {
      line += String.fromCharCode(chunk[i]!)
      i++
    }
    if (line.length > MAX_LINE) throw new ChunkedFramingError('aws-chunked line too long')
    if (i === chunk.length) return { end: i, complete: false }
    if (!line.endsWith('\r')) throw new ChunkedFramingError('aws-chunked line without CRLF')
    line = line.slice(0, -1)
    return { end: i + 1, complete: true }
  }
  const stream = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      let at = 0
      while (at < chunk.length) {
        if (state === 'done') throw new ChunkedFramingError('data after the aws-chunked trailer')
        if (state === 'data') {
          const take = Math.min(remaining, chunk.length - at)
          controller.enqueue(chunk.subarray(at, at + take))
          at += take
          remaining -= take
          if (remaining === 0) state = 'data-end'
          continue
        }
        const { end, complete } = readLine(chunk, at)
        at = end
        if (!complete) break
        const text = line
        line = ''
        if (state === 'data-end') {
          if (text !== '') throw new ChunkedFramingError('aws-chunked data longer than its size')
          state = 'size'
        } else if (state === 'size') {
          // Unsigned chunks carry no `;chunk-signature=`: one with a signature is not this encoding.
          if (!/^[0-9a-fA-F]{1,16}$/.test(text))
            throw new ChunkedFramingError('malformed aws-chunked chunk size')
          remaining = Number.parseInt(text, 16)
          state = remaining === 0 ? 'trailer' : 'data'
        } else if (text === '') state = 'done'
        else {
          const colon = text.indexOf(':')
          if (colon <= 0 || trailers.size >= MAX_TRAILERS)
            throw new ChunkedFramingError('malformed aws-chunked trailer')
          trailers.set(text.slice(0, colon).trim().toLowerCase(), text.slice(colon + 1).trim())
        }
      }
    },
    flush() {
      // Some senders end with the trailer lines and no empty line; a cut-off body ends elsewhere.
      if (state !== 'done' && !(state === 'trailer' && line === ''))
        throw new ChunkedFramingError('the aws-chunked body ended early')
    },
  })
  return { stream, trailers }
}
