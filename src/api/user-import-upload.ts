import { Hono } from 'hono'
import type { Runtime } from '../config'
import { toHex } from '../crypto/encoding'
import { respondS3 } from '../errors/respond'
import {
  AccessDenied,
  EntityTooLarge,
  InvalidArgument,
  InvalidRequest,
  SignatureDoesNotMatch,
} from '../errors/s3'
import {
  checkUpload,
  MAX_FILE_BYTES,
  receiveImportFile,
  type UploadRefusal,
} from '../userpool/imports/import-file'
import { UPLOAD_PATH } from './targets/imports/import-job-type'

/** Server-side encryption values S3 accepts on a PUT (the guide's curl sends `aws:kms`). */
const ENCRYPTION = new Set(['aws:kms', 'AES256', 'aws:kms:dsse'])

const refusal = (why: UploadRefusal) => {
  switch (why) {
    case 'signature':
      return new SignatureDoesNotMatch()
    case 'expired':
      return new AccessDenied('Request has expired')
    case 'not-created':
      return new AccessDenied('The import job no longer accepts a file.')
    case 'too-many-rows':
      return new EntityTooLarge('An import file holds at most 500,000 users.')
    case 'empty':
      return new InvalidRequest('The import file has no header line.')
  }
}

/**
 * PUT {UPLOAD_PATH}/{poolId}/{jobId}?X-Portcullis-Expires&X-Portcullis-Signature: a user import
 * job's CSV file, sent to the presigned URL CreateUserImportJob returned, answered as S3 answers a
 * presigned PUT (200 with an ETag, or S3's XML error). The body is read as a stream, never whole,
 * and refused past Cognito's 100 MB.
 */
export function userImportUploadRoutes(): Hono<{ Variables: { runtime: Runtime } }> {
  const routes = new Hono<{ Variables: { runtime: Runtime } }>()
  routes.put(`${UPLOAD_PATH}/:poolId/:jobId`, async (c) => {
    const requestId = toHex(crypto.getRandomValues(new Uint8Array(8))).toUpperCase()
    const resource = new URL(c.req.url).pathname
    try {
      const { services } = c.get('runtime')
      const expires = Number(c.req.query('X-Portcullis-Expires'))
      const signature = c.req.query('X-Portcullis-Signature') ?? ''
      if (!Number.isSafeInteger(expires) || signature === '') throw new SignatureDoesNotMatch()
      const checked = await checkUpload(
        services,
        c.req.param('poolId'),
        c.req.param('jobId'),
        expires,
        signature,
      )
      if (typeof checked === 'string') throw refusal(checked)
      const encryption = c.req.header('x-amz-server-side-encryption')
      if (encryption !== undefined && !ENCRYPTION.has(encryption))
        throw new InvalidArgument('The encryption method specified is not supported')
      const length = c.req.header('content-length')
      if (length !== undefined && !(Number(length) <= MAX_FILE_BYTES)) throw new EntityTooLarge()
      const body = c.req.raw.body
      let bytes = 0
      const counted = new TransformStream<Uint8Array, Uint8Array>({
        transform(piece, controller) {
          bytes += piece.byteLength
          if (bytes > MAX_FILE_BYTES) throw new EntityTooLarge()
          controller.enqueue(piece)
        },
      })
      const text = (body ?? new Blob([]).stream())
        .pipeThrough(counted)
        .pipeThrough(new TextDecoderStream('utf-8', { fatal: true }))
      const received = await receiveImportFile(services, checked, text, () => bytes).catch(
        (error: unknown) => {
          if (error instanceof EntityTooLarge) throw error
          if (error instanceof TypeError) throw new InvalidRequest('The file is not UTF-8 text.')
          throw error
        },
      )
      if (typeof received === 'string') throw refusal(received)
      return c.body(null, 200, {
        etag: `"${requestId.toLowerCase()}"`,
        'x-amz-request-id': requestId,
        'x-amz-server-side-encryption': encryption ?? 'aws:kms',
      })
    } catch (error) {
      const reply = respondS3(error, { requestId, resource, head: false })
      return c.body(reply.body, reply.status as 400, reply.headers)
    }
  })
  return routes
}
