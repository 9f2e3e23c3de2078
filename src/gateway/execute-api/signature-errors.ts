import {
  type ExecuteApiError,
  ExpiredToken,
  IncompleteSignature,
  InvalidSignature,
  MissingAuthenticationToken,
  UnrecognizedClient,
} from '../../errors/execute-api'
import type { SigV4Failure } from '../../http/sigv4/failure'

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'

/** A refused signature as API Gateway answers it on an IAM-authorised route. */
export function executeApiErrorOfSignature(failure: SigV4Failure): ExecuteApiError {
  switch (failure.kind) {
    case 'missing-auth':
      return new MissingAuthenticationToken()
    case 'unknown-key':
    case 'invalid-token':
      return new UnrecognizedClient()
    case 'expired-token':
      return new ExpiredToken()
    case 'malformed':
      return new IncompleteSignature(failure.message)
    case 'bad-signature':
      return new InvalidSignature(SIGNATURE_MISMATCH)
    default:
      return new InvalidSignature(failure.message)
  }
}
