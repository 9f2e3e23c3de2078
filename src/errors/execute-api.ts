import { PortcullisError } from './base'

/**
 * API Gateway's own answers on an IAM-authorised (`AWS_IAM`) route, by the `x-amzn-ErrorType`
 * names API Gateway gives them; the body is `{"message": "..."}`. Rendered by `respondExecuteApi`.
 */
export abstract class ExecuteApiError extends PortcullisError {
  static override code = 'ExecuteApiError'
}

/** No signature at all (API Gateway's MISSING_AUTHENTICATION_TOKEN). */
export class MissingAuthenticationToken extends ExecuteApiError {
  static override code = 'MissingAuthenticationTokenException'
  static override status = 403
  constructor() {
    super('Missing Authentication Token')
  }
}

/** An access key (or session token) this deployment does not know. */
export class UnrecognizedClient extends ExecuteApiError {
  static override code = 'UnrecognizedClientException'
  static override status = 403
  constructor() {
    super('The security token included in the request is invalid.')
  }
}

/** Session credentials past their expiry (API Gateway's EXPIRED_TOKEN). */
export class ExpiredToken extends ExecuteApiError {
  static override code = 'ExpiredTokenException'
  static override status = 403
  constructor() {
    super('The security token included in the request is expired')
  }
}

/** A signature that cannot be read (a malformed Authorization header or presigned query). */
export class IncompleteSignature extends ExecuteApiError {
  static override code = 'IncompleteSignatureException'
  static override status = 403
}

/** A signature that was read and is wrong: scope, time, signed headers or the signature itself. */
export class InvalidSignature extends ExecuteApiError {
  static override code = 'InvalidSignatureException'
  static override status = 403
}

/** The caller's policies do not allow `execute-api:Invoke` on the route's resource. */
export class AccessDenied extends ExecuteApiError {
  static override code = 'AccessDeniedException'
  static override status = 403
}

/** A body over API Gateway's 10 MB payload limit. */
export class RequestTooLong extends ExecuteApiError {
  static override code = 'RequestTooLongException'
  static override status = 413
  constructor() {
    super('Request Too Long')
  }
}
