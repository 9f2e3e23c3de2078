import {
  BadDigest,
  EntityTooSmall,
  InvalidPart,
  InvalidRange,
  NoSuchKey,
  NoSuchUpload,
  PreconditionFailed,
  type S3Error,
  XAmzContentSHA256Mismatch,
} from '../../errors/s3'

/** R2's error numbers (in its error messages, `… (10024)`) that S3 has a code for. */
const BY_NUMBER: Record<string, () => S3Error> = {
  '10007': () => new NoSuchKey(),
  '10011': () => new EntityTooSmall(),
  '10024': () => new NoSuchUpload(),
  '10025': () => new InvalidPart(),
  '10031': () => new PreconditionFailed(),
  '10039': () => new InvalidRange(),
  '10048': () => new InvalidPart('There was a problem with the multipart upload.'),
}

/**
 * The S3 error for a failed R2 call, or the error itself when S3 has none for it. A digest
 * mismatch is XAmzContentSHA256Mismatch when the digest given to R2 was the payload's SHA-256.
 */
export function s3ErrorOfR2(error: unknown, sha256Given = false): unknown {
  if (!(error instanceof Error)) return error
  const number = /\((100\d\d)\)/.exec(error.message)?.[1]
  if (number === '10037' || /checksum you specified did not match/i.test(error.message))
    return sha256Given ? new XAmzContentSHA256Mismatch() : new BadDigest()
  const make = number ? BY_NUMBER[number] : undefined
  return make ? make() : error
}
