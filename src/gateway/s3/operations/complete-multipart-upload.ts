import { InvalidPartOrder, MalformedXML } from '../../../errors/s3'
import { element } from '../../../xml/writer'
import { readSmallBody } from '../body/small-body'
import { objectArn, r2Key, type S3Operation } from '../context'
import { s3ErrorOfR2 } from '../r2-errors'
import { partNumberOf, uploadIdOf } from '../upload-id'
import { childText, parseXml } from '../xml-parser'
import { S3_NAMESPACE, xmlReply } from '../xml-reply'

const MAX_PARTS = 10_000
const MAX_BODY_BYTES = 2 * 1024 * 1024

/** The parts a `<CompleteMultipartUpload>` document lists, in ascending order. */
function partsOf(text: string): R2UploadedPart[] {
  const root = parseXml(text, {
    maxChars: MAX_BODY_BYTES,
    maxDepth: 4,
    maxElements: 8 * MAX_PARTS + 2,
  })
  if (root.name !== 'CompleteMultipartUpload') throw new MalformedXML()
  const parts = root.children
    .filter((child) => child.name === 'Part')
    .map((part) => {
      const etag = childText(part, 'ETag')
      if (etag === undefined) throw new MalformedXML()
      return {
        partNumber: partNumberOf(childText(part, 'PartNumber')?.trim()),
        etag: etag.trim().replace(/^"|"$/g, ''),
      }
    })
  if (parts.length === 0 || parts.length > MAX_PARTS) throw new MalformedXML()
  parts.forEach((part, index) => {
    if (index > 0 && part.partNumber <= parts[index - 1]!.partNumber) throw new InvalidPartOrder()
  })
  return parts
}

/** CompleteMultipartUpload: R2 joins the listed parts into the object. */
export const completeMultipartUpload: S3Operation = {
  name: 'CompleteMultipartUpload',
  permission: (context) => ({ action: 's3:PutObject', resource: objectArn(context) }),
  async run(context) {
    const uploadId = uploadIdOf(context.url.searchParams)
    const parts = partsOf(await readSmallBody(context.request, context.payloadHash, MAX_BODY_BYTES))
    let object: R2Object
    try {
      object = await context.bucket.resumeMultipartUpload(r2Key(context), uploadId).complete(parts)
    } catch (error) {
      throw s3ErrorOfR2(error)
    }
    await context.uploads.forget(uploadId)
    return xmlReply(
      element(
        'CompleteMultipartUploadResult',
        [
          element('Location', `${context.url.origin}${context.url.pathname}`),
          element('Bucket', context.bucketName),
          element('Key', context.key ?? ''),
          element('ETag', object.httpEtag),
        ],
        S3_NAMESPACE,
      ),
    )
  },
}
