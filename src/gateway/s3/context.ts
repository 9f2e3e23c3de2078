import type { AwsCaller, ConditionContext } from '../aws-iam'
import type { MultipartLedger } from './multipart-ledger'

/** One S3 request, authenticated, with the bucket it is for. */
export interface S3Context {
  request: Request
  url: URL
  bucket: R2Bucket
  /** The S3 bucket name the route answers to. */
  bucketName: string
  /** Where this route's objects live in the R2 bucket (from `s3:NAME/prefix/`). */
  keyPrefix: string
  /** The object key the request names, as S3 reads it (undefined for bucket operations). */
  key: string | undefined
  caller: AwsCaller
  /** The bucket's multipart uploads and parts, as this front recorded them. */
  uploads: MultipartLedger
  /** The payload hash the signature covers (a hex hash or an unsigned mode). */
  payloadHash: string
  /** Condition keys every request has (aws:SourceIp, aws:SecureTransport, aws:CurrentTime, …). */
  conditions: ConditionContext
  /** Asks the policy about one more action and resource; throws AccessDenied when refused. */
  authorize(action: string, resource: string, context?: ConditionContext): Promise<void>
  /** Same, answering whether it is allowed (DeleteObjects reports refusals per key). */
  isAllowed(
    action: string,
    resource: string,
    context?: ConditionContext,
  ): Promise<{ allowed: true } | { allowed: false; message: string }>
}

/** What an operation is, to the policy: its action, resource and own condition keys. */
export interface Permission {
  action: string
  resource: string
  context?: ConditionContext
}

/** One S3 operation: what it needs permission for (none: it asks itself), and how it runs. */
export interface S3Operation {
  name: string
  permission(context: S3Context): Permission | undefined
  run(context: S3Context): Promise<Response>
}

export const bucketArn = (context: S3Context): string => `arn:aws:s3:::${context.bucketName}`
export const objectArn = (context: S3Context, key = context.key ?? ''): string =>
  `arn:aws:s3:::${context.bucketName}/${key}`

/** The object's key in R2: the route's prefix, then the S3 key. */
export const r2Key = (context: S3Context, key = context.key ?? ''): string =>
  context.keyPrefix + key
