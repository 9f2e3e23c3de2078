import { PortcullisError } from './base'

/**
 * Cognito Sync's exceptions, by their wire names (`x-amzn-ErrorType` on the REST-JSON wire), each
 * with the status the cognito-sync service model gives it. Domain code in src/sync throws these;
 * src/sync-api/respond.ts renders them. The last group is not the model's but the signing front's,
 * which every REST-JSON service of AWS answers with.
 */

export class AlreadyStreamedException extends PortcullisError {
  static override code = 'AlreadyStreamedException'
}

export class ConcurrentModificationException extends PortcullisError {
  static override code = 'ConcurrentModificationException'
}

export class DuplicateRequestException extends PortcullisError {
  static override code = 'DuplicateRequestException'
}

export class InternalErrorException extends PortcullisError {
  static override code = 'InternalErrorException'
  static override status = 500
  constructor(detail?: string) {
    super('Internal server error', detail ? { detail } : {})
  }
}

export class InvalidConfigurationException extends PortcullisError {
  static override code = 'InvalidConfigurationException'
}

export class InvalidLambdaFunctionOutputException extends PortcullisError {
  static override code = 'InvalidLambdaFunctionOutputException'
}

export class InvalidParameterException extends PortcullisError {
  static override code = 'InvalidParameterException'
}

export class LambdaThrottledException extends PortcullisError {
  static override code = 'LambdaThrottledException'
  static override status = 429
}

/**
 * The SyncTrigger's function did not answer within Cognito's 5 s (cognito-events.md names this
 * error; the model has no shape for it, so clients see its code with a 504).
 */
export class LambdaSocketTimeoutException extends PortcullisError {
  static override code = 'LambdaSocketTimeoutException'
  static override status = 504
}

export class LimitExceededException extends PortcullisError {
  static override code = 'LimitExceededException'
}

export class NotAuthorizedException extends PortcullisError {
  static override code = 'NotAuthorizedException'
  static override status = 403
}

export class ResourceConflictException extends PortcullisError {
  static override code = 'ResourceConflictException'
  static override status = 409
}

export class ResourceNotFoundException extends PortcullisError {
  static override code = 'ResourceNotFoundException'
  static override status = 404
}

export class TooManyRequestsException extends PortcullisError {
  static override code = 'TooManyRequestsException'
  static override status = 429
}

/** The front: no route for this method and path. */
export class UnknownOperationException extends PortcullisError {
  static override code = 'UnknownOperationException'
  static override status = 404
}

/** The front: a body larger than any operation takes. */
export class RequestEntityTooLargeException extends PortcullisError {
  static override code = 'RequestEntityTooLargeException'
  static override status = 413
}

/** The front (SigV4): no Authorization header. */
export class MissingAuthenticationTokenException extends PortcullisError {
  static override code = 'MissingAuthenticationTokenException'
  static override status = 403
}

/** The front (SigV4): an access key or session token that is not ours. */
export class UnrecognizedClientException extends PortcullisError {
  static override code = 'UnrecognizedClientException'
  static override status = 403
}

/** The front (SigV4): session credentials past their expiry. */
export class ExpiredTokenException extends PortcullisError {
  static override code = 'ExpiredTokenException'
  static override status = 403
}

/** The front (SigV4): the signature, its scope or its date does not check out. */
export class InvalidSignatureException extends PortcullisError {
  static override code = 'InvalidSignatureException'
  static override status = 403
}
