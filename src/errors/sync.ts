import { PortcullisError } from './base'

/**
 * Cognito Sync's exceptions, by their wire names, with the HTTP statuses of the service model's
 * error shapes. Rendered as REST-JSON by the sync API.
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

export class InvalidConfigurationException extends PortcullisError {
  static override code = 'InvalidConfigurationException'
}

export class InvalidParameterException extends PortcullisError {
  static override code = 'InvalidParameterException'
}

export class NotAuthorizedException extends PortcullisError {
  static override code = 'NotAuthorizedException'
  static override status = 403
}

export class ResourceNotFoundException extends PortcullisError {
  static override code = 'ResourceNotFoundException'
  static override status = 404
}

export class TooManyRequestsException extends PortcullisError {
  static override code = 'TooManyRequestsException'
  static override status = 429
}

export class LimitExceededException extends PortcullisError {
  static override code = 'LimitExceededException'
}
