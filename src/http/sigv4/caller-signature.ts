import {
  ExpiredToken,
  InvalidClientTokenId,
  MissingAuthenticationToken,
  SignatureDoesNotMatch,
} from '../../errors/iam'
import {
  type CredentialCaller,
  type CredentialServices,
  credentialLookup,
} from './credential-lookup'
import { SigV4Failure } from './failure'
import { verifySignature } from './verify'

/** Who signed a query request: an admin key pair, or a role session's temporary credentials. */
export type QueryCaller = CredentialCaller

/** What a caller's signature is checked against. */
export interface CallerSigning {
  adminKeys: ReadonlyMap<string, string>
  /** The stores, clock and sealer session credentials are opened with. */
  services: CredentialServices
  region: string
  /** Epoch milliseconds. */
  now: number
}

/**
 * Verifies a request signed by an admin key or by session credentials (an `ASIA` key with its own
 * session token, opened as the S3 front opens it), the whole body under the signature, for
 * `signingName`; `allowPresigned` also takes the presigned query form. Refusals are SigV4Failures,
 * which each surface words its own way.
 */
export async function verifyCredentialSignature(
  request: Request,
  body: Uint8Array<ArrayBuffer>,
  signingName: string,
  signing: CallerSigning,
  allowPresigned = false,
): Promise<CredentialCaller> {
  const verified = await verifySignature<CredentialCaller>(
    { method: request.method, url: new URL(request.url), headers: request.headers },
    {
      service: signingName,
      region: signing.region,
      now: signing.now,
      allowPresigned,
      payload: { kind: 'body', body, allowUnsigned: false },
      lookup: credentialLookup(
        signing.adminKeys,
        signing.services,
        'The security token included in the request is expired',
      ),
    },
  )
  return verified.caller
}

/**
 * Verifies a query request signed by an admin key or by session credentials (an `ASIA` key with
 * its own session token, opened as the S3 front opens it), the whole body under the signature.
 * Refusals are the query services' own: MissingAuthenticationToken, InvalidClientTokenId for a
 * key or token that is not ours, ExpiredToken for a session past its expiry, SignatureDoesNotMatch
 * for everything else.
 */
export async function verifyCallerSignature(
  request: Request,
  body: Uint8Array<ArrayBuffer>,
  signingName: string,
  signing: CallerSigning,
): Promise<QueryCaller> {
  try {
    return await verifyCredentialSignature(request, body, signingName, signing)
  } catch (error) {
    if (!(error instanceof SigV4Failure)) throw error
    switch (error.kind) {
      case 'missing-auth':
        throw new MissingAuthenticationToken()
      case 'unknown-key':
      case 'invalid-token':
        throw new InvalidClientTokenId()
      case 'expired-token':
        throw new ExpiredToken(error.message)
      default:
        throw new SignatureDoesNotMatch(error.message)
    }
  }
}
