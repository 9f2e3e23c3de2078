import { objectArn, r2Key, type S3Operation } from '../context'
import { s3ErrorOfR2 } from '../r2-errors'
import { uploadIdOf } from '../upload-id'

/** AbortMultipartUpload: R2 drops the upload and its parts. */
export const abortMultipartUpload: S3Operation = {
  name: 'AbortMultipartUpload',
  permission: (context) => ({ action: 's3:AbortMultipartUpload', resource: objectArn(context) }),
  async run(context) {
    const uploadId = uploadIdOf(context.url.searchParams)
    const upload = context.bucket.resumeMultipartUpload(r2Key(context), uploadId)
    try {
      await upload.abort()
    } catch (error) {
      throw s3ErrorOfR2(error)
    }
    await context.uploads.forget(uploadId)
    return new Response(null, { status: 204 })
  },
}
