import { PortcullisError } from './base'

/**
 * S3's errors by their wire codes and statuses, rendered as S3's XML `<Error>` by `respondS3` in
 * `respond.ts`. `resource` is the bucket or key the request named (echoed as `<Resource>`).
 */
export abstract class S3Error extends PortcullisError {
  static override code = 'S3Error'
}

/** Declares an S3 error class with its code and status. */
const s3Error = (code: string, status: number, defaultMessage: string) =>
  class extends S3Error {
    static override code = code
    constructor(message = defaultMessage, detail?: string) {
      super(message, { status, ...(detail ? { detail } : {}) })
    }
  }

export class AccessDenied extends s3Error('AccessDenied', 403, 'Access Denied') {}
export class SignatureDoesNotMatch extends s3Error(
  'SignatureDoesNotMatch',
  403,
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
) {}
export class InvalidAccessKeyId extends s3Error(
  'InvalidAccessKeyId',
  403,
  'The AWS Access Key Id you provided does not exist in our records.',
) {}
export class InvalidToken extends s3Error(
  'InvalidToken',
  400,
  'The provided token is malformed or otherwise invalid.',
) {}
export class ExpiredToken extends s3Error('ExpiredToken', 400, 'The provided token has expired.') {}
export class RequestTimeTooSkewed extends s3Error(
  'RequestTimeTooSkewed',
  403,
  "The difference between the request time and the server's time is too large.",
) {}
export class AuthorizationHeaderMalformed extends s3Error(
  'AuthorizationHeaderMalformed',
  400,
  'The authorization header is malformed.',
) {}
export class AuthorizationQueryParametersError extends s3Error(
  'AuthorizationQueryParametersError',
  400,
  'The query-string authentication parameters are malformed.',
) {}
export class XAmzContentSHA256Mismatch extends s3Error(
  'XAmzContentSHA256Mismatch',
  400,
  "The provided 'x-amz-content-sha256' header does not match what was computed.",
) {}
export class BadDigest extends s3Error(
  'BadDigest',
  400,
  'The checksum you specified did not match what we received.',
) {}
export class InvalidRequest extends s3Error('InvalidRequest', 400, 'Invalid Request') {}
export class InvalidArgument extends s3Error('InvalidArgument', 400, 'Invalid Argument') {}
export class IncompleteBody extends s3Error(
  'IncompleteBody',
  400,
  'You did not provide the number of bytes specified by the Content-Length HTTP header.',
) {}
export class NoSuchKey extends s3Error('NoSuchKey', 404, 'The specified key does not exist.') {}
export class NoSuchBucket extends s3Error(
  'NoSuchBucket',
  404,
  'The specified bucket does not exist.',
) {}
export class NoSuchUpload extends s3Error(
  'NoSuchUpload',
  404,
  'The specified multipart upload does not exist.',
) {}
export class InvalidPart extends s3Error(
  'InvalidPart',
  400,
  'One or more of the specified parts could not be found.',
) {}
export class InvalidPartOrder extends s3Error(
  'InvalidPartOrder',
  400,
  'The list of parts was not in ascending order.',
) {}
export class EntityTooLarge extends s3Error(
  'EntityTooLarge',
  400,
  'Your proposed upload exceeds the maximum allowed object size.',
) {}
export class EntityTooSmall extends s3Error(
  'EntityTooSmall',
  400,
  'Your proposed upload is smaller than the minimum allowed object size.',
) {}
export class InvalidRange extends s3Error(
  'InvalidRange',
  416,
  'The requested range is not satisfiable',
) {}
export class PreconditionFailed extends s3Error(
  'PreconditionFailed',
  412,
  'At least one of the pre-conditions you specified did not hold',
) {}
export class MalformedXML extends s3Error(
  'MalformedXML',
  400,
  'The XML you provided was not well-formed or did not validate against our published schema.',
) {}
export class NotImplemented extends s3Error(
  'NotImplemented',
  501,
  'A header or query you provided implies functionality that is not implemented.',
) {}
export class MethodNotAllowed extends s3Error(
  'MethodNotAllowed',
  405,
  'The specified method is not allowed against this resource.',
) {}
export class MissingContentLength extends s3Error(
  'MissingContentLength',
  411,
  'You must provide the Content-Length HTTP header.',
) {}
