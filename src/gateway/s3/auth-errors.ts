import {
  AccessDenied,
  AuthorizationHeaderMalformed,
  AuthorizationQueryParametersError,
  ExpiredToken,
  InvalidAccessKeyId,
  InvalidRequest,
  InvalidToken,
  NotImplemented,
  RequestTimeTooSkewed,
  type S3Error,
  SignatureDoesNotMatch,
  XAmzContentSHA256Mismatch,
} from '../../errors/s3'
import type { SigV4Failure } from '../../http/sigv4/failure'

/** A refused signature as S3 answers it. */
export function s3ErrorOfSignature(failure: SigV4Failure): S3Error {
  const malformed = () =>
    failure.presigned
      ? new AuthorizationQueryParametersError(failure.message)
      : new AuthorizationHeaderMalformed(failure.message)
  switch (failure.kind) {
    case 'missing-auth':
      return new AccessDenied('Anonymous access is forbidden for this operation.')
    case 'malformed':
    case 'wrong-scope':
      return malformed()
    case 'unknown-key':
      return new InvalidAccessKeyId()
    case 'invalid-token':
      return new InvalidToken()
    case 'expired-token':
      return new ExpiredToken()
    case 'expired':
    case 'not-yet-valid':
      return new AccessDenied(failure.message)
    case 'skew':
      return new RequestTimeTooSkewed()
    case 'unsigned-header':
      return new AccessDenied(
        `There were headers present in the request which were not signed: ${failure.message}`,
      )
    case 'content-hash-mismatch':
      return new XAmzContentSHA256Mismatch()
    case 'unsupported-payload':
      return new NotImplemented(failure.message)
    case 'missing-content-sha256':
    case 'unsigned-payload-refused':
      return new InvalidRequest(failure.message)
    case 'bad-signature':
      return new SignatureDoesNotMatch()
  }
}
