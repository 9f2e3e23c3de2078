import { InvalidArgument } from '../../../errors/s3'
import { element } from '../../../xml/writer'
import { objectArn, r2Key, type S3Operation } from '../context'
import { httpMetadataOf, userMetadataOf } from '../metadata'
import { S3_NAMESPACE, xmlReply } from '../xml-reply'

/** CreateMultipartUpload: an R2 multipart upload, its metadata given now as in S3, recorded for ListParts. */
export const createMultipartUpload: S3Operation = {
  name: 'CreateMultipartUpload',
  permission: (context) => ({ action: 's3:PutObject', resource: objectArn(context) }),
  async run(context) {
    const customMetadata = userMetadataOf(context.request.headers)
    if (!customMetadata)
      throw new InvalidArgument('Your metadata headers exceed the maximum allowed metadata size.')
    const upload = await context.bucket.createMultipartUpload(r2Key(context), {
      httpMetadata: httpMetadataOf(context.request.headers),
      customMetadata,
    })
    await context.uploads.begin(upload.uploadId, context.key ?? '')
    return xmlReply(
      element(
        'InitiateMultipartUploadResult',
        [
          element('Bucket', context.bucketName),
          element('Key', context.key ?? ''),
          element('UploadId', upload.uploadId),
        ],
        S3_NAMESPACE,
      ),
    )
  },
}
