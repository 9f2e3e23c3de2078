import { PortcullisError } from './base'

/**
 * OAuth 2.0 / OIDC errors by their wire names (RFC 6749 §5.2, OIDC Core §3.1.2.6). Rendered as
 * `{"error","error_description"}` by the token endpoints, as redirect parameters by authorize, and
 * as an HTML page where redirecting would be unsafe. The root is abstract: each error is its own class.
 */
export abstract class OAuthError extends PortcullisError {
  static override code = 'server_error'
  constructor(message: string, options?: { status?: number; detail?: string }) {
    if (new.target === OAuthError)
      throw new TypeError('OAuthError is abstract: throw one of its subclasses')
    super(message, options)
  }
}

export class InvalidRequest extends OAuthError {
  static override code = 'invalid_request'
}

/** Client authentication failed: 401 with a WWW-Authenticate challenge. */
export class InvalidClient extends OAuthError {
  static override code = 'invalid_client'
  constructor(message = 'Client authentication failed') {
    super(message, { status: 401 })
  }
}

export class InvalidGrant extends OAuthError {
  static override code = 'invalid_grant'
}

export class UnauthorizedClient extends OAuthError {
  static override code = 'unauthorized_client'
}

export class UnsupportedGrantType extends OAuthError {
  static override code = 'unsupported_grant_type'
}

export class UnsupportedResponseType extends OAuthError {
  static override code = 'unsupported_response_type'
}

export class InvalidScope extends OAuthError {
  static override code = 'invalid_scope'
}

export class AccessDenied extends OAuthError {
  static override code = 'access_denied'
}

export class TemporarilyUnavailable extends OAuthError {
  static override code = 'temporarily_unavailable'
}

export class LoginRequired extends OAuthError {
  static override code = 'login_required'
}

/** A bearer token that is missing, expired, revoked or lacks the scope (RFC 6750 §3.1). */
export class InvalidToken extends OAuthError {
  static override code = 'invalid_token'
  constructor(message = 'The access token is invalid') {
    super(message, { status: 401 })
  }
}
