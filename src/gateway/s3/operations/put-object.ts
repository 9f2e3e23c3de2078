import { InvalidArgument } from '../../../errors/s3'
import { UNSIGNED_PAYLOAD, STREAMING_UNSIGNED_TRAILER } from '../../../http/sigv4/verify'
import { uploadBody } from '../body/upload-body'
import { objectArn, r2Key, type S3Operation } from '../context'
import { httpMetadataOf, userMetadataOf } from '../metadata'
import { s3ErrorOfR2 } from '../r2-errors'

/**
 * PutObject, streamed to R2. A hex x-amz-content-sha256 is checked as the bytes pass (before any
 * CRC the client also sent, so the signed hash is what a mismatch is reported against) and handed
 * to R2, which checks it again; aws-chunked bodies are decoded and their trailer checksum verified.
 */
export const putObject: S3Operation = {
  name: 'PutObject',
  permission: (context) => ({ action: 's3:PutObject', resource: objectArn(context) }),
  async run(context) {
    const customMetadata = userMetadataOf(context.request.headers)
    if (!customMetadata)
      throw new InvalidArgument('Your metadata headers exceed the maximum allowed metadata size.')
    const sha256 =
      context.payloadHash === UNSIGNED_PAYLOAD || context.payloadHash === STREAMING_UNSIGNED_TRAILER
        ? undefined
        : context.payloadHash
    const body = uploadBody(context.request, context.payloadHash, { checkSha256: true })
    let object: R2Object
    try {
      object = await context.bucket.put(r2Key(context), body.stream, {
        httpMetadata: httpMetadataOf(context.request.headers),
        customMetadata,
        ...(sha256 ? { sha256 } : {}),
      })
    } catch (error) {
      throw body.problem() ?? s3ErrorOfR2(error, sha256 !== undefined)
    }
    return new Response(null, { status: 200, headers: { etag: object.httpEtag } })
  },
}
