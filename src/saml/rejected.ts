/** Why a SAML message was refused, for logs and tests; never shown to the browser as such. */
export type SamlRejectionReason =
  | 'doctype'
  | 'malformed'
  | 'structure'
  | 'duplicate-id'
  | 'signature'
  | 'algorithm'
  | 'status'
  | 'issuer'
  | 'destination'
  | 'recipient'
  | 'audience'
  | 'time'
  | 'in-response-to'
  | 'replay'

/**
 * A SAML message that failed verification. The protocol layer turns it into an HTML error page
 * or `access_denied`; the reason and detail are for logs only.
 */
export class SamlRejected extends Error {
  constructor(
    readonly reason: SamlRejectionReason,
    detail: string,
  ) {
    super(detail)
    this.name = 'SamlRejected'
  }
}
