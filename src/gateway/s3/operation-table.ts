import { MethodNotAllowed } from '../../errors/s3'
import { bucketArn, type S3Operation } from './context'
import { RESPONSE_OVERRIDES } from './metadata'
import { abortMultipartUpload } from './operations/abort-multipart-upload'
import { completeMultipartUpload } from './operations/complete-multipart-upload'
import { createMultipartUpload } from './operations/create-multipart-upload'
import { deleteObject } from './operations/delete-object'
import { deleteObjects } from './operations/delete-objects'
import { getObject, headObject } from './operations/get-object'
import { headBucket } from './operations/head-bucket'
import { listObjectsV2 } from './operations/list-objects-v2'
import { listParts } from './operations/list-parts'
import { notImplemented } from './operations/not-implemented'
import { putObject } from './operations/put-object'
import { uploadPart } from './operations/upload-part'

/**
 * Query parameters every request may carry: the SDK's `x-id`, the presigned SigV4 ones and the
 * `x-amz-*` headers a presigner hoists into the query (checksums among them).
 */
const ALWAYS = (name: string) =>
  name === 'x-id' || name.startsWith('X-Amz-') || name.startsWith('x-amz-')

/** The operation for a request, or NotImplemented when its query asks for something else. */
function only(operation: S3Operation, params: URLSearchParams, allowed: string[]): S3Operation {
  const extra = [...params.keys()].find((name) => !ALWAYS(name) && !allowed.includes(name))
  return extra === undefined
    ? operation
    : notImplemented(`${operation.name}?${extra.slice(0, 32)}`, () => undefined)
}

const LIST_PARAMS = [
  'list-type',
  'prefix',
  'delimiter',
  'max-keys',
  'continuation-token',
  'start-after',
  'encoding-type',
  'fetch-owner',
]

function bucketOperation(method: string, params: URLSearchParams): S3Operation {
  switch (method) {
    case 'GET':
      if (params.get('list-type') === '2') return only(listObjectsV2, params, LIST_PARAMS)
      if (params.has('uploads')) return notImplemented('ListMultipartUploads')
      return notImplemented('ListObjects', (context) => ({
        action: 's3:ListBucket',
        resource: bucketArn(context),
      }))
    case 'HEAD':
      return only(headBucket, params, [])
    case 'POST':
      if (params.has('delete')) return only(deleteObjects, params, ['delete'])
      return notImplemented('PostObject')
    case 'PUT':
      return notImplemented('CreateBucket')
    case 'DELETE':
      return notImplemented('DeleteBucket')
    default:
      throw new MethodNotAllowed()
  }
}

function objectOperation(method: string, params: URLSearchParams, headers: Headers): S3Operation {
  switch (method) {
    case 'GET':
      if (params.has('uploadId'))
        return only(listParts, params, ['uploadId', 'max-parts', 'part-number-marker'])
      return only(getObject, params, RESPONSE_OVERRIDES)
    case 'HEAD':
      return only(headObject, params, [])
    case 'PUT':
      if (headers.has('x-amz-copy-source'))
        return notImplemented(params.has('uploadId') ? 'UploadPartCopy' : 'CopyObject')
      if (params.has('uploadId')) return only(uploadPart, params, ['uploadId', 'partNumber'])
      return only(putObject, params, [])
    case 'POST':
      if (params.has('uploads')) return only(createMultipartUpload, params, ['uploads'])
      if (params.has('uploadId')) return only(completeMultipartUpload, params, ['uploadId'])
      return notImplemented('PostObject')
    case 'DELETE':
      if (params.has('uploadId')) return only(abortMultipartUpload, params, ['uploadId'])
      return only(deleteObject, params, [])
    default:
      throw new MethodNotAllowed()
  }
}

/** Which S3 operation a request is, by method, key and query. */
export function operationFor(request: Request, url: URL, key: string | undefined): S3Operation {
  const method = request.method.toUpperCase()
  return key === undefined
    ? bucketOperation(method, url.searchParams)
    : objectOperation(method, url.searchParams, request.headers)
}
