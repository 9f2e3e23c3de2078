import {
  ExpiredTokenException,
  InvalidSignatureException,
  MissingAuthenticationTokenException,
  UnrecognizedClientException,
} from '../errors/sync'
import { type CallerSigning, verifyCredentialSignature } from '../http/sigv4/caller-signature'
import type { CredentialCaller } from '../http/sigv4/credential-lookup'
import { SigV4Failure } from '../http/sigv4/failure'

/** SigV4's service name for Cognito Sync. */
const SIGNING_NAME = 'cognito-sync'

/** What a sync request's signature is checked against. */
export type SyncSigning = CallerSigning

/**
 * Verifies a sync request's SigV4 signature (header form, the whole body signed, the canonical URI
 * double-encoded as the SDK signs labels such as identity ids with `:`), made with an admin key
 * or with an identity pool's session credentials. Refusals are the signing front's own:
 * MissingAuthenticationTokenException, UnrecognizedClientException for a key or token not ours
 * (or revoked), ExpiredTokenException, InvalidSignatureException for the rest; all 403.
 */
export async function verifySyncSignature(
  request: Request,
  body: Uint8Array<ArrayBuffer>,
  signing: SyncSigning,
  /** Whether the presigned query form is accepted too (push sockets: browsers set no headers). */
  allowPresigned = false,
): Promise<CredentialCaller> {
  try {
    return await verifyCredentialSignature(request, body, SIGNING_NAME, signing, allowPresigned)
  } catch (error) {
    if (!(error instanceof SigV4Failure)) throw error
    switch (error.kind) {
      case 'missing-auth':
        throw new MissingAuthenticationTokenException('Missing Authentication Token')
      case 'unknown-key':
      case 'invalid-token':
        throw new UnrecognizedClientException(error.message)
      case 'expired-token':
        throw new ExpiredTokenException(error.message)
      default:
        throw new InvalidSignatureException(error.message)
    }
  }
}
