import { uploadBody } from '../body/upload-body'
import { objectArn, r2Key, type S3Operation } from '../context'
import { s3ErrorOfR2 } from '../r2-errors'
import { partNumberOf, uploadIdOf } from '../upload-id'

/**
 * UploadPart, streamed to R2. R2 parts take no digest, so a hex x-amz-content-sha256 is checked
 * here as the bytes pass (a mismatch fails the part's write). Each part is recorded for ListParts.
 */
export const uploadPart: S3Operation = {
  name: 'UploadPart',
  permission: (context) => ({ action: 's3:PutObject', resource: objectArn(context) }),
  async run(context) {
    const params = context.url.searchParams
    const partNumber = partNumberOf(params.get('partNumber'))
    const uploadId = uploadIdOf(params)
    const upload = context.bucket.resumeMultipartUpload(r2Key(context), uploadId)
    const body = uploadBody(context.request, context.payloadHash, { checkSha256: true })
    let part: R2UploadedPart
    try {
      part = await upload.uploadPart(partNumber, body.stream)
    } catch (error) {
      throw body.problem() ?? s3ErrorOfR2(error)
    }
    await context.uploads.recordPart(uploadId, { partNumber, etag: part.etag, size: body.length })
    return new Response(null, { status: 200, headers: { etag: `"${part.etag}"` } })
  },
}
