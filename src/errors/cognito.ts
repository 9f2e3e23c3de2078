import { PortcullisError } from './base'

/**
 * Cognito's exceptions, by their wire names (`__type`). Domain code throws these; the JSON API renders
 * them as they are and other surfaces map them to their own wire (see `respond.ts`).
 */

export class AliasExistsException extends PortcullisError {
  static override code = 'AliasExistsException'
}

export class CodeDeliveryFailureException extends PortcullisError {
  static override code = 'CodeDeliveryFailureException'
}

export class CodeMismatchException extends PortcullisError {
  static override code = 'CodeMismatchException'
}

export class ConcurrentModificationException extends PortcullisError {
  static override code = 'ConcurrentModificationException'
}

export class EnableSoftwareTokenMFAException extends PortcullisError {
  static override code = 'EnableSoftwareTokenMFAException'
}

export class SoftwareTokenMFANotFoundException extends PortcullisError {
  static override code = 'SoftwareTokenMFANotFoundException'
}

/** ConfirmDevice: the device is confirmed already (its verifier is never replaced). */
export class DeviceKeyExistsException extends PortcullisError {
  static override code = 'DeviceKeyExistsException'
}

/** A user import job is not in a state that allows the request (StartUserImportJob, StopUserImportJob). */
export class PreconditionNotMetException extends PortcullisError {
  static override code = 'PreconditionNotMetException'
}

/** CreateManagedLoginBranding: the app client has a style already. */
export class ManagedLoginBrandingExistsException extends PortcullisError {
  static override code = 'ManagedLoginBrandingExistsException'
}

/** CreateTerms / UpdateTerms: the app client has terms of that name already. */
export class TermsExistsException extends PortcullisError {
  static override code = 'TermsExistsException'
}

export class DuplicateProviderException extends PortcullisError {
  static override code = 'DuplicateProviderException'
}

export class UnsupportedIdentityProviderException extends PortcullisError {
  static override code = 'UnsupportedIdentityProviderException'
}

export class ExpiredCodeException extends PortcullisError {
  static override code = 'ExpiredCodeException'
}

export class GroupExistsException extends PortcullisError {
  static override code = 'GroupExistsException'
}

export class FeatureUnavailableInTierException extends PortcullisError {
  static override code = 'FeatureUnavailableInTierException'
}

export class InvalidParameterException extends PortcullisError {
  static override code = 'InvalidParameterException'
}

export class InvalidPasswordException extends PortcullisError {
  static override code = 'InvalidPasswordException'
}

export class InvalidUserPoolConfigurationException extends PortcullisError {
  static override code = 'InvalidUserPoolConfigurationException'
}

export class LimitExceededException extends PortcullisError {
  static override code = 'LimitExceededException'
}

export class NotAuthorizedException extends PortcullisError {
  static override code = 'NotAuthorizedException'
}

export class PasswordResetRequiredException extends PortcullisError {
  static override code = 'PasswordResetRequiredException'
}

export class PasswordHistoryPolicyViolationException extends PortcullisError {
  static override code = 'PasswordHistoryPolicyViolationException'
}

export class RefreshTokenReuseException extends PortcullisError {
  static override code = 'RefreshTokenReuseException'
}

export class ResourceNotFoundException extends PortcullisError {
  static override code = 'ResourceNotFoundException'
}

export class ScopeDoesNotExistException extends PortcullisError {
  static override code = 'ScopeDoesNotExistException'
}

/** Identity pools: a login is already linked to another identity, or a lookup does not match. */
export class ResourceConflictException extends PortcullisError {
  static override code = 'ResourceConflictException'
}

/** Identity pools: a developer user identifier already belongs to another identity. */
export class DeveloperUserAlreadyRegisteredException extends PortcullisError {
  static override code = 'DeveloperUserAlreadyRegisteredException'
}

/** Identity pools: no role, or no role that trusts the identity pool, to vend credentials for. */
export class InvalidIdentityPoolConfigurationException extends PortcullisError {
  static override code = 'InvalidIdentityPoolConfigurationException'
}

/** Identity pools: a login provider needed to check a token did not answer. */
export class ExternalServiceException extends PortcullisError {
  static override code = 'ExternalServiceException'
}

export class TooManyFailedAttemptsException extends PortcullisError {
  static override code = 'TooManyFailedAttemptsException'
}

export class TooManyRequestsException extends PortcullisError {
  static override code = 'TooManyRequestsException'
}

export class UnauthorizedException extends PortcullisError {
  static override code = 'UnauthorizedException'
}

export class UnsupportedOperationException extends PortcullisError {
  static override code = 'UnsupportedOperationException'
}

export class UnsupportedTokenTypeException extends PortcullisError {
  static override code = 'UnsupportedTokenTypeException'
}

export class UnsupportedUserStateException extends PortcullisError {
  static override code = 'UnsupportedUserStateException'
}

export class UserNotConfirmedException extends PortcullisError {
  static override code = 'UserNotConfirmedException'
}

export class UserNotFoundException extends PortcullisError {
  static override code = 'UserNotFoundException'
}

export class UsernameExistsException extends PortcullisError {
  static override code = 'UsernameExistsException'
}

export class InvalidOAuthFlowException extends PortcullisError {
  static override code = 'InvalidOAuthFlowException'
}

export class ForbiddenException extends PortcullisError {
  static override code = 'ForbiddenException'
}

/** The pool offers no passkeys: WEB_AUTHN is not among its sign-in policy's first factors. */
export class WebAuthnNotEnabledException extends PortcullisError {
  static override code = 'WebAuthnNotEnabledException'
}

/** The pool has no relying-party id and no host that could stand in for one. */
export class WebAuthnConfigurationMissingException extends PortcullisError {
  static override code = 'WebAuthnConfigurationMissingException'
}

/** A registration answers no live StartWebAuthnRegistration challenge of this user. */
export class WebAuthnChallengeNotFoundException extends PortcullisError {
  static override code = 'WebAuthnChallengeNotFoundException'
}

/** A credential made for another relying-party id than the pool's. */
export class WebAuthnRelyingPartyMismatchException extends PortcullisError {
  static override code = 'WebAuthnRelyingPartyMismatchException'
}

/** A registration completed with a token of another app client than the one that started it. */
export class WebAuthnClientMismatchException extends PortcullisError {
  static override code = 'WebAuthnClientMismatchException'
}

/** A credential made on an origin that is not the relying party's (or one of its subdomains). */
export class WebAuthnOriginNotAllowedException extends PortcullisError {
  static override code = 'WebAuthnOriginNotAllowedException'
}

/** A credential whose attestation or key cannot be used. */
export class WebAuthnCredentialNotSupportedException extends PortcullisError {
  static override code = 'WebAuthnCredentialNotSupportedException'
}

/** A request body or member that cannot be read as the shape the operation declares. */
export class SerializationException extends PortcullisError {
  static override code = 'SerializationException'
}

export class UnknownOperationException extends PortcullisError {
  static override code = 'UnknownOperationException'
}

/** SigV4: no Authorization header on an operation that needs one. */
export class MissingAuthenticationTokenException extends PortcullisError {
  static override code = 'MissingAuthenticationTokenException'
  constructor(message = 'Missing Authentication Token') {
    super(message, { status: 403 })
  }
}

/** SigV4: the access key id is not one of the configured admin keys. */
export class UnrecognizedClientException extends PortcullisError {
  static override code = 'UnrecognizedClientException'
}

/** SigV4: the signature, its scope or its date does not check out. */
export class InvalidSignatureException extends PortcullisError {
  static override code = 'InvalidSignatureException'
  constructor(message: string, detail?: string) {
    super(message, { status: 403, ...(detail ? { detail } : {}) })
  }
}

export class RequestEntityTooLargeException extends PortcullisError {
  static override code = 'RequestEntityTooLargeException'
  constructor(message = 'Request body too large') {
    super(message, { status: 413 })
  }
}

export class InternalErrorException extends PortcullisError {
  static override code = 'InternalErrorException'
  constructor(detail?: string) {
    super('Internal server error', { status: 500, ...(detail ? { detail } : {}) })
  }
}

/** A trigger function refused the request: its own message reaches the caller. */
export class UserLambdaValidationException extends PortcullisError {
  static override code = 'UserLambdaValidationException'
}

/** A trigger function could not be reached, timed out, or failed in a way it did not report. */
export class UnexpectedLambdaException extends PortcullisError {
  static override code = 'UnexpectedLambdaException'
}

/** A trigger function answered with something that is not the event it was sent. */
export class InvalidLambdaResponseException extends PortcullisError {
  static override code = 'InvalidLambdaResponseException'
}

/** Threat protection is off (AdvancedSecurityMode OFF) where an operation needs it. */
export class UserPoolAddOnNotEnabledException extends PortcullisError {
  static override code = 'UserPoolAddOnNotEnabledException'
}
