import type { Sealer } from '../../crypto/aead'
import type { IamServices } from '../../iam/services'
import {
  isSessionAccessKey,
  openSessionCredentials,
  type SessionClaims,
} from '../../iam/sessions/session-credentials'
import { isSessionRevoked } from '../../identitypool/credentials/session-revocation'
import { SigV4Failure } from './failure'
import type { KeyLookup } from './verify'

/** Who signed a request: a configured admin key pair, or a role session's temporary credentials. */
export type CredentialCaller =
  | { kind: 'admin'; accessKeyId: string }
  | { kind: 'session'; accessKeyId: string; session: SessionClaims }

/** What opening session credentials needs: IAM's stores and clock, and the sealer of their tokens. */
export interface CredentialServices extends IamServices {
  sealer: Sealer
}

/**
 * The one key lookup of every surface that takes temporary credentials (the S3 front, IAM-authorised
 * routes, STS's GetCallerIdentity). An admin key is accepted without a session token (such a key
 * has none, as AWS refuses one). An `ASIA` key is accepted only with its own session token: past
 * its expiry it is the `expired-token` failure, worded `expiredMessage` as the surface words it;
 * a token not ours, another key's, or one its identity revoked (deleted, merged away, a login
 * unlinked) is no key at all.
 */
export function credentialLookup(
  adminKeys: ReadonlyMap<string, string>,
  services: CredentialServices,
  expiredMessage: string,
): KeyLookup<CredentialCaller> {
  return async (accessKeyId, sessionToken) => {
    if (!isSessionAccessKey(accessKeyId)) {
      const secret = adminKeys.get(accessKeyId)
      if (secret === undefined || sessionToken !== undefined) return null
      return { secret, caller: { kind: 'admin', accessKeyId } }
    }
    if (sessionToken === undefined) return null
    const opened = await openSessionCredentials(
      services.sealer,
      accessKeyId,
      sessionToken,
      Math.floor(services.now() / 1000),
    )
    if (opened === 'expired') throw new SigV4Failure('expired-token', expiredMessage)
    if (!opened) return null
    if (await isSessionRevoked(services, opened.claims)) return null
    return {
      secret: opened.secretKey,
      caller: { kind: 'session', accessKeyId, session: opened.claims },
    }
  }
}
