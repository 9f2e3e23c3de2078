import { InvalidArgument, NoSuchUpload } from '../../../errors/s3'
import { element } from '../../../xml/writer'
import { objectArn, type S3Operation } from '../context'
import { uploadIdOf } from '../upload-id'
import { S3_NAMESPACE, xmlReply } from '../xml-reply'

const MAX_PARTS = 1000

/** A whole number query parameter within bounds, or S3's InvalidArgument. */
function whole(text: string | null, fallback: number, max: number, name: string): number {
  if (text === null) return fallback
  if (!/^\d{1,6}$/.test(text)) throw new InvalidArgument(`${name} must be a non-negative integer.`)
  return Math.min(Number(text), max)
}

/**
 * ListParts: the parts of an upload this front created, from its own record (R2 does not list
 * them), in part-number order, `max-parts` (at most 1000) at a time after `part-number-marker`.
 * Initiator and Owner (optional in S3's model) are left out: the front keeps no canonical ids.
 */
export const listParts: S3Operation = {
  name: 'ListParts',
  permission: (context) => ({
    action: 's3:ListMultipartUploadParts',
    resource: objectArn(context),
  }),
  async run(context) {
    const params = context.url.searchParams
    const uploadId = uploadIdOf(params)
    const maxParts = whole(params.get('max-parts'), MAX_PARTS, MAX_PARTS, 'max-parts')
    const marker = whole(params.get('part-number-marker'), 0, 10_000, 'part-number-marker')
    const key = context.key ?? ''
    if (!(await context.uploads.upload(uploadId, key))) throw new NoSuchUpload()
    const { parts, truncated } = await context.uploads.parts(uploadId, marker, maxParts)
    return xmlReply(
      element(
        'ListPartsResult',
        [
          element('Bucket', context.bucketName),
          element('Key', key),
          element('UploadId', uploadId),
          element('PartNumberMarker', marker),
          element('NextPartNumberMarker', parts.at(-1)?.partNumber ?? marker),
          element('MaxParts', maxParts),
          element('IsTruncated', truncated),
          ...parts.map((part) =>
            element('Part', [
              element('PartNumber', part.partNumber),
              element('LastModified', new Date(part.lastModified).toISOString()),
              element('ETag', `"${part.etag}"`),
              element('Size', part.size),
            ]),
          ),
          element('StorageClass', 'STANDARD'),
        ],
        S3_NAMESPACE,
      ),
    )
  },
}
