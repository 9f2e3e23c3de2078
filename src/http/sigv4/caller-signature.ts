import type { Sealer } from '../../crypto/aead'
import {
  ExpiredToken,
  InvalidClientTokenId,
  MissingAuthenticationToken,
  SignatureDoesNotMatch,
} from '../../errors/iam'
import {
  isSessionAccessKey,
  openSessionCredentials,
  type SessionClaims,
} from '../../iam/sessions/session-credentials'
import { SigV4Failure } from './failure'
import { verifySignature } from './verify'

/** Who signed a query request: an admin key pair, or a role session's temporary credentials. */
export type QueryCaller =
  | { kind: 'admin'; accessKeyId: string }
  | { kind: 'session'; accessKeyId: string; session: SessionClaims }

/** What a caller's signature is checked against. */
export interface CallerSigning {
  adminKeys: ReadonlyMap<string, string>
  sealer: Sealer
  region: string
  /** Epoch milliseconds. */
  now: number
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
    const verified = await verifySignature<QueryCaller>(
      { method: request.method, url: new URL(request.url), headers: request.headers },
      {
        service: signingName,
        region: signing.region,
        now: signing.now,
        allowPresigned: false,
        payload: { kind: 'body', body, allowUnsigned: false },
        lookup: async (accessKeyId, sessionToken) => {
          if (!isSessionAccessKey(accessKeyId)) {
            const secret = signing.adminKeys.get(accessKeyId)
            if (secret === undefined || sessionToken !== undefined) return null
            return { secret, caller: { kind: 'admin', accessKeyId } }
          }
          if (sessionToken === undefined) return null
          const opened = await openSessionCredentials(
            signing.sealer,
            accessKeyId,
            sessionToken,
            Math.floor(signing.now / 1000),
          )
          if (opened === 'expired')
            throw new SigV4Failure(
              'expired-token',
              'The security token included in the request is expired',
            )
          if (!opened) return null
          return {
            secret: opened.secretKey,
            caller: { kind: 'session', accessKeyId, session: opened.claims },
          }
        },
      },
    )
    return verified.caller
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
