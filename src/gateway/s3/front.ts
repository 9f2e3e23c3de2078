import { toHex } from '../../crypto/encoding'
import { respondS3 } from '../../errors/respond'
import { AccessDenied, NotImplemented } from '../../errors/s3'
import { SigV4Failure } from '../../http/sigv4/failure'
import { requestConditions } from '../../http/sigv4/request-conditions'
import { type AwsAuthorization, verifyAwsRequest } from '../aws-iam'
import type { RecordStore } from '../../storage/record-store'
import type { RouteConfig } from '../config'
import { isBucket, type WorkerBindings } from '../origin-fetch'
import { s3Address } from './address'
import { s3ErrorOfSignature } from './auth-errors'
import type { S3Context } from './context'
import { MultipartLedger } from './multipart-ledger'
import { operationFor } from './operation-table'

/**
 * The S3 API over an R2 bucket for an `s3:` route: the SigV4 signature (header or presigned)
 * verified against the injected key lookup, the operation chosen, the injected policy asked
 * about its action and resource, then the operation run. Every refusal is S3's XML error.
 */
export async function serveS3(
  request: Request,
  route: RouteConfig,
  aws: AwsAuthorization | undefined,
  bindings: WorkerBindings,
  now: number,
  /** Where multipart uploads are recorded, per bucket binding (R2 does not list their parts). */
  uploads: ((bucketBinding: string) => RecordStore) | undefined,
): Promise<Response> {
  const requestId = toHex(crypto.getRandomValues(new Uint8Array(8))).toUpperCase()
  const url = new URL(request.url)
  let resource = url.pathname
  try {
    if (!aws || !uploads || route.origin.kind !== 's3')
      throw new NotImplemented('The S3 front is not available on this runtime.')
    const bucket = bindings[route.origin.binding]
    if (!isBucket(bucket)) throw new Error(`no R2 bucket binding ${route.origin.binding}`)
    const verified = await verifyAwsRequest(request, url, aws, now, {
      service: 's3',
      payload: { kind: 's3' },
    }).catch((error: unknown) => {
      throw error instanceof SigV4Failure ? s3ErrorOfSignature(error) : error
    })
    const address = s3Address(route, url)
    resource = address.resource
    const operation = operationFor(request, url, address.key)
    const conditions = requestConditions(request, url, now)
    const isAllowed: S3Context['isAllowed'] = (action, arn, extra = {}) =>
      aws.authorize(verified.caller, {
        action,
        resource: arn,
        context: { ...conditions, ...extra },
      })
    const context: S3Context = {
      request,
      url,
      bucket,
      bucketName: address.bucket,
      keyPrefix: route.origin.keyPrefix,
      key: address.key,
      caller: verified.caller,
      uploads: new MultipartLedger(uploads(route.origin.binding), now),
      payloadHash: verified.payloadHash,
      conditions,
      isAllowed,
      async authorize(action, arn, extra) {
        const decision = await isAllowed(action, arn, extra)
        if (!decision.allowed) throw new AccessDenied(decision.message)
      },
    }
    const permission = operation.permission(context)
    if (permission)
      await context.authorize(permission.action, permission.resource, permission.context)
    const response = await operation.run(context)
    const headers = new Headers(response.headers)
    headers.set('x-amz-request-id', requestId)
    return new Response(response.body, { status: response.status, headers })
  } catch (error) {
    const reply = respondS3(error, { requestId, resource, head: request.method === 'HEAD' })
    // A refused upload's body may be unread: cancel it so the client is not left sending.
    await request.body?.cancel().catch(() => undefined)
    return new Response(reply.body === '' ? null : reply.body, {
      status: reply.status,
      headers: reply.headers,
    })
  }
}
