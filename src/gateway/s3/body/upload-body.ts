import { createHash } from 'node:crypto'
import { fromBase64, toBase64, toHex } from '../../../crypto/encoding'
import {
  BadDigest,
  IncompleteBody,
  InvalidArgument,
  InvalidRequest,
  MissingContentLength,
  NotImplemented,
  type S3Error,
  XAmzContentSHA256Mismatch,
} from '../../../errors/s3'
import { STREAMING_UNSIGNED_TRAILER, UNSIGNED_PAYLOAD } from '../../../http/sigv4/verify'
import { awsChunkedDecoder, ChunkedFramingError } from './aws-chunked'
import { Crc } from './crc'

/** A single PUT is at most 5 GiB in S3. */
const MAX_OBJECT_BYTES = 5 * 1024 ** 3

/** Checksum algorithms S3 clients send (`x-amz-checksum-<name>`), and how each is computed here. */
const CHECKSUMS = ['crc32', 'crc32c', 'sha1', 'sha256'] as const
type ChecksumName = (typeof CHECKSUMS)[number]

/** A running digest with S3's base64 rendering. */
interface Digest {
  update(bytes: Uint8Array): void
  digest(): string
}

const digestOf = (name: ChecksumName): Digest => {
  if (name === 'crc32' || name === 'crc32c') return new Crc(name)
  const hash = createHash(name)
  return {
    update: (bytes) => void hash.update(bytes),
    digest: () => toBase64(new Uint8Array(hash.digest())),
  }
}

/** An upload's body, decoded and checked as it streams to R2. */
export interface UploadBody {
  stream: ReadableStream<Uint8Array>
  /** The object's length (the decoded length of an aws-chunked body). */
  length: number
  /** Why the body was refused, once the stream has failed (a digest or length mismatch). */
  problem(): S3Error | undefined
}

/** Which checksum the request declares, in a header or as an aws-chunked trailer. */
function declaredChecksum(
  headers: Headers,
  chunked: boolean,
): { name: ChecksumName; header?: string } | undefined {
  const trailer = headers.get('x-amz-trailer')?.trim().toLowerCase()
  const named = chunked && trailer ? [trailer] : []
  const present = [...headers.keys()].filter(
    (h) => h.startsWith('x-amz-checksum-') && h !== 'x-amz-checksum-type',
  )
  const all = [...named, ...present]
  if (all.length === 0) return undefined
  if (new Set(all).size > 1)
    throw new InvalidRequest('Expecting a single x-amz-checksum- header or trailer.')
  const name = all[0]!.slice('x-amz-checksum-'.length) as ChecksumName
  if (!all[0]!.startsWith('x-amz-checksum-') || !CHECKSUMS.includes(name))
    throw new NotImplemented(`The checksum ${all[0]!.slice(0, 64)} is not supported.`)
  const header = headers.get(`x-amz-checksum-${name}`)
  return header === null ? { name } : { name, header }
}

/** The length the body will have, from Content-Length or x-amz-decoded-content-length. */
function bodyLength(headers: Headers, chunked: boolean): number {
  const text = chunked ? headers.get('x-amz-decoded-content-length') : headers.get('content-length')
  if (text === null) throw new MissingContentLength()
  if (!/^\d{1,13}$/.test(text)) throw new InvalidArgument('The content length is not a number.')
  const length = Number(text)
  if (length > MAX_OBJECT_BYTES)
    throw new InvalidArgument('Your proposed upload exceeds the maximum allowed size.')
  return length
}

/**
 * Prepares a PUT or UploadPart body for R2 without buffering it: aws-chunked framing decoded,
 * the length and any declared checksum (header or trailer) and, when `checkSha256` is set, a hex
 * `x-amz-content-sha256` verified as the bytes pass. A mismatch errors the stream, so R2 never
 * completes the write, and is then reported by `problem()`.
 */
export function uploadBody(
  request: Request,
  payloadHash: string,
  options: { checkSha256: boolean },
): UploadBody {
  const chunked = payloadHash === STREAMING_UNSIGNED_TRAILER
  if (chunked && !/aws-chunked/i.test(request.headers.get('content-encoding') ?? ''))
    throw new InvalidRequest(
      'STREAMING-UNSIGNED-PAYLOAD-TRAILER needs Content-Encoding aws-chunked.',
    )
  const length = bodyLength(request.headers, chunked)
  // A presigned URL carries its checksum in the query, signed, as S3 reads it there.
  const declared = new Headers(request.headers)
  for (const [name, value] of new URL(request.url).searchParams)
    if (name.startsWith('x-amz-checksum-')) declared.set(name, value)
  const checksum = declaredChecksum(declared, chunked)
  const digest = checksum && digestOf(checksum.name)
  const sha256 =
    options.checkSha256 && payloadHash !== UNSIGNED_PAYLOAD && !chunked
      ? createHash('sha256')
      : undefined
  let problem: S3Error | undefined
  const refuse = (error: S3Error): never => {
    problem = error
    throw error
  }
  let source: ReadableStream<Uint8Array> = request.body ?? new Blob([]).stream()
  let trailers: Map<string, string> | undefined
  if (chunked) {
    const decoder = awsChunkedDecoder()
    trailers = decoder.trailers
    source = source.pipeThrough(decoder.stream)
  }
  let seen = 0
  const checked = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      seen += chunk.byteLength
      if (seen > length) refuse(new IncompleteBody('The body is longer than its declared length.'))
      digest?.update(chunk)
      sha256?.update(chunk)
      controller.enqueue(chunk)
    },
    flush() {
      if (seen !== length) refuse(new IncompleteBody())
      if (sha256 && toHex(new Uint8Array(sha256.digest())) !== payloadHash)
        refuse(new XAmzContentSHA256Mismatch())
      if (checksum && digest) {
        const expected = checksum.header ?? trailers?.get(`x-amz-checksum-${checksum.name}`)
        if (expected === undefined)
          refuse(new InvalidRequest(`The trailer x-amz-checksum-${checksum.name} is missing.`))
        if (!sameDigest(expected!, digest.digest()))
          refuse(
            new BadDigest(
              `The ${checksum.name.toUpperCase()} you specified did not match the calculated checksum.`,
            ),
          )
      }
    },
  })
  const stream = source.pipeThrough(checked)
  return {
    stream: withKnownLength(stream, length, (error) => {
      if (error instanceof ChunkedFramingError && !problem)
        problem = new IncompleteBody(`The aws-chunked body is malformed: ${error.message}.`)
    }),
    length,
    problem: () => problem,
  }
}

const sameDigest = (a: string, b: string): boolean => {
  try {
    return toBase64(fromBase64(a)) === b
  } catch {
    return false
  }
}

/**
 * R2 on Workers only takes a stream whose length is known up front: FixedLengthStream gives it
 * one (and fails the write if the bytes fall short). Other runtimes take the stream as it is.
 */
function withKnownLength(
  stream: ReadableStream<Uint8Array>,
  length: number,
  onError: (error: unknown) => void,
): ReadableStream<Uint8Array> {
  const observed = observe(stream, onError)
  return typeof FixedLengthStream === 'function'
    ? observed.pipeThrough(new FixedLengthStream(length))
    : observed
}

/** Passes a stream through, telling `onError` why it failed if it does. */
function observe(
  stream: ReadableStream<Uint8Array>,
  onError: (error: unknown) => void,
): ReadableStream<Uint8Array> {
  const reader = stream.getReader()
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read()
        if (done) controller.close()
        else controller.enqueue(value)
      } catch (error) {
        onError(error)
        controller.error(error)
      }
    },
    cancel: (reason) => reader.cancel(reason),
  })
}
