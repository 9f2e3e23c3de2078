import { PortcullisError } from './base'

/**
 * The errors of the AWS query-protocol services (IAM and STS), by their wire names (`<Code>` in
 * the XML error envelope) and with their HTTP statuses. Rendered by
 * `respondAwsQuery` in `respond.ts`.
 */

/** The role, policy or version named does not exist. */
export class NoSuchEntity extends PortcullisError {
  static override code = 'NoSuchEntity'
  static override status = 404
}

export class EntityAlreadyExists extends PortcullisError {
  static override code = 'EntityAlreadyExists'
  static override status = 409
}

/** A policy document that IAM would refuse: bad JSON, an unknown element, operator or value. */
export class MalformedPolicyDocument extends PortcullisError {
  static override code = 'MalformedPolicyDocument'
}

/** A quota: document sizes, attachments per role. */
export class LimitExceeded extends PortcullisError {
  static override code = 'LimitExceeded'
  static override status = 409
}

/** Deleting something that is still in use (a role with policies, an attached policy). */
export class DeleteConflict extends PortcullisError {
  static override code = 'DeleteConflict'
  static override status = 409
}

/** A write raced another one on the same entity. */
export class ConcurrentModification extends PortcullisError {
  static override code = 'ConcurrentModification'
  static override status = 409
  constructor(
    message = 'The request was rejected because it conflicted with a concurrent change.',
  ) {
    super(message)
  }
}

export class InvalidInput extends PortcullisError {
  static override code = 'InvalidInput'
}

/** A parameter missing, or outside the length, range or pattern the service model declares. */
export class ValidationError extends PortcullisError {
  static override code = 'ValidationError'
}

/** An `Action` this service version does not have, or a `Version` no service has. */
export class InvalidAction extends PortcullisError {
  static override code = 'InvalidAction'
}

/** No `Action` parameter at all. */
export class MissingAction extends PortcullisError {
  static override code = 'MissingAction'
}

/** A parameter every request needs (`Version`) is missing. */
export class MissingParameter extends PortcullisError {
  static override code = 'MissingParameter'
}

/** A body that cannot be read as a form. */
export class MalformedQueryString extends PortcullisError {
  static override code = 'MalformedQueryString'
  static override status = 404
}

/**
 * A request the query protocol cannot read parameters from: not a POSTed
 * `application/x-www-form-urlencoded` body (AWS's common error for a request that does not adhere
 * to its query standards).
 */
export class InvalidQueryParameter extends PortcullisError {
  static override code = 'InvalidQueryParameter'
}

export class RequestEntityTooLarge extends PortcullisError {
  static override code = 'RequestEntityTooLarge'
  static override status = 413
  constructor(message = 'Request body too large') {
    super(message)
  }
}

/** SigV4: no Authorization on a request that needs one. */
export class MissingAuthenticationToken extends PortcullisError {
  static override code = 'MissingAuthenticationToken'
  static override status = 403
  constructor(message = 'Request is missing Authentication Token') {
    super(message)
  }
}

/** SigV4: the access key id is not one this deployment knows. */
export class InvalidClientTokenId extends PortcullisError {
  static override code = 'InvalidClientTokenId'
  static override status = 403
  constructor(message = 'The security token included in the request is invalid.') {
    super(message)
  }
}

/** SigV4: the request was signed with session credentials past their expiry. */
export class ExpiredToken extends PortcullisError {
  static override code = 'ExpiredToken'
  static override status = 403
}

/** SigV4: the signature, its scope or its date does not check out. */
export class SignatureDoesNotMatch extends PortcullisError {
  static override code = 'SignatureDoesNotMatch'
  static override status = 403
}

/**
 * STS: the caller may not assume the role (no such role, or its trust policy does not let this
 * web identity assume it). AWS says no more than that, whichever it was.
 */
export class AccessDenied extends PortcullisError {
  static override code = 'AccessDenied'
  static override status = 403
}

/** STS: the web identity token is not one this deployment can verify (signature, issuer, audience). */
export class InvalidIdentityToken extends PortcullisError {
  static override code = 'InvalidIdentityToken'
}

/** STS: the web identity token's issuer refuses it for this use (or has revoked what it names). */
export class IDPRejectedClaim extends PortcullisError {
  static override code = 'IDPRejectedClaim'
  static override status = 403
}

/** STS: the web identity token has expired. */
export class ExpiredTokenException extends PortcullisError {
  static override code = 'ExpiredTokenException'
}

/** STS: the session policy and session tags, packed, are over the limit. */
export class PackedPolicyTooLarge extends PortcullisError {
  static override code = 'PackedPolicyTooLarge'
}

/** Anything that went wrong on our side: IAM's 500, with nothing internal in its message. */
export class ServiceFailure extends PortcullisError {
  static override code = 'ServiceFailure'
  static override status = 500
  constructor(detail?: string) {
    super('An internal error occurred.', detail ? { detail } : {})
  }
}
