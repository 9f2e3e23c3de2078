import { PortcullisError } from './base'

/**
 * The gateway's answers that are not the origin's, by their wire names (`error` in a JSON body,
 * or an HTML page for browsers). Rendered by `respondGateway` in `respond.ts`.
 */
export abstract class GatewayError extends PortcullisError {
  static override code = 'gateway_error'
}

/** No valid identity where one is required: 401 with `WWW-Authenticate: Bearer`. */
export class Unauthenticated extends GatewayError {
  static override code = 'unauthorized'
  constructor(
    message = 'authentication required',
    readonly invalidToken = false,
  ) {
    super(message, { status: 401 })
  }
}

/** An identity that does not meet the route's requirements. */
export class Forbidden extends GatewayError {
  static override code = 'forbidden'
  constructor(message = 'requirements not met') {
    super(message, { status: 403 })
  }
}

/** No route matches the request's host and path. */
export class NoRoute extends GatewayError {
  static override code = 'not_found'
  constructor(message = 'no route for this request') {
    super(message, { status: 404 })
  }
}

/** A path or request that different readers would understand differently. */
export class AmbiguousRequest extends GatewayError {
  static override code = 'bad_request'
  constructor(message: string) {
    super(message, { status: 400 })
  }
}

/** The identity provider cannot be reached: nobody's token can be judged right now. */
export class ProviderUnavailable extends GatewayError {
  static override code = 'provider_unavailable'
  constructor(detail?: string) {
    super('The identity provider cannot be reached; try again shortly.', {
      status: 503,
      ...(detail ? { detail } : {}),
    })
  }
}

/** The sign-in could not be completed with the identity provider. */
export class SignInFailed extends GatewayError {
  static override code = 'sign_in_failed'
  constructor(message: string, detail?: string) {
    super(message, { status: 400, ...(detail ? { detail } : {}) })
  }
}

/** The origin cannot be reached. */
export class BadGateway extends GatewayError {
  static override code = 'bad_gateway'
  constructor(detail?: string) {
    super('The origin cannot be reached.', { status: 502, ...(detail ? { detail } : {}) })
  }
}

/** The route table (GATEWAY_CONFIG) is invalid; the details are in the Worker's log. */
export class GatewayMisconfigured extends GatewayError {
  static override code = 'gateway_misconfigured'
  constructor(detail: string) {
    super('The gateway configuration is invalid; see the Worker log.', { status: 500, detail })
  }
}
