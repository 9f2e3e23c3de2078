/**
 * Why a SigV4 signature was refused, in neutral terms. The verifier serves several wires (the
 * Cognito JSON API, IAM's query API, S3's REST-XML), each with its own error codes, so it names
 * the failure and every surface maps the kind to its own catalogue error. Not a wire error itself:
 * one that escapes unmapped is a defect of the surface.
 */
export type SigV4FailureKind =
  /** No Authorization header and no presigned query. */
  | 'missing-auth'
  /** The header or query parameters cannot be read as SigV4. */
  | 'malformed'
  /** The credential scope names another region or service. */
  | 'wrong-scope'
  /** No secret for this access key id. */
  | 'unknown-key'
  /** A session token was sent and is not valid for the key. */
  | 'invalid-token'
  /** The session token has expired (thrown by a key lookup). */
  | 'expired-token'
  /** A presigned request past its X-Amz-Expires. */
  | 'expired'
  /** A presigned request dated in the future. */
  | 'not-yet-valid'
  /** Signed too far from our clock. */
  | 'skew'
  /** A header that must be covered is not in SignedHeaders. */
  | 'unsigned-header'
  /** The declared payload hash does not match the body. */
  | 'content-hash-mismatch'
  /** UNSIGNED-PAYLOAD where the service requires a signed payload. */
  | 'unsigned-payload-refused'
  /** A payload mode (signed chunks) the verifier does not implement. */
  | 'unsupported-payload'
  /** S3 header-form requests must declare `x-amz-content-sha256`. */
  | 'missing-content-sha256'
  /** The signature is not the one the secret gives. */
  | 'bad-signature'

/** A refused signature: its kind, a message safe to show the caller, and which form was used. */
export class SigV4Failure extends Error {
  constructor(
    readonly kind: SigV4FailureKind,
    message: string,
    /** Whether the signature came in the query (presigned URL) rather than the Authorization header. */
    readonly presigned = false,
  ) {
    super(message)
    this.name = 'SigV4Failure'
  }
}
