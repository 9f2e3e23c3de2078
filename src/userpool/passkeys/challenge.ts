import { fromBase64Url } from '../../crypto/encoding'
import { randomToken } from '../../crypto/random'
import type { UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { claimSrpNonce } from '../store/sessions'

/** A WebAuthn ceremony: making a passkey, or signing in with one. */
export type Ceremony = 'registration' | 'authentication'

/**
 * What a WebAuthn challenge carries. The challenge itself is this, sealed: the authenticator signs
 * it and it comes back in clientDataJSON, so no state is kept between the two calls, and nobody
 * can make one. Bound to the pool and ceremony (associated data), to one user (by sub, and the
 * name the user is filed under), to the app client that asked, to a lifetime, and usable once.
 */
export interface WebAuthnChallenge {
  sub: string
  username: string
  clientId: string
  relyingPartyId: string
  expiresAt: number
  nonce: string
}

const PURPOSE = 'webauthn-challenge'
const binding = (pool: UserPoolConfig, ceremony: Ceremony) => `${pool.Id}|${ceremony}`

/** A fresh challenge, as the base64url string the options carry. */
export function sealChallenge(
  services: UserPoolServices,
  pool: UserPoolConfig,
  ceremony: Ceremony,
  challenge: Omit<WebAuthnChallenge, 'nonce'>,
): Promise<string> {
  const body: WebAuthnChallenge = { ...challenge, nonce: randomToken(16) }
  return services.sealer.seal(PURPOSE, body, binding(pool, ceremony))
}

/** The challenge's bytes, as the ceremony options take them. */
export const challengeBytes = (challenge: string): Uint8Array<ArrayBuffer> =>
  fromBase64Url(challenge)

/**
 * Opens a challenge that came back in clientDataJSON, or null: not sealed by us for this pool and
 * ceremony, tampered with, or lapsed.
 */
export async function openChallenge(
  services: UserPoolServices,
  pool: UserPoolConfig,
  ceremony: Ceremony,
  challenge: string,
): Promise<WebAuthnChallenge | null> {
  if (challenge.length > 4096) return null
  const body = await services.sealer.open<WebAuthnChallenge>(
    PURPOSE,
    challenge,
    binding(pool, ceremony),
  )
  if (!body || body.expiresAt < services.now()) return null
  return body
}

/** Uses a challenge up: true the first time, false for a replay. */
export function claimChallenge(
  services: UserPoolServices,
  pool: UserPoolConfig,
  challenge: WebAuthnChallenge,
): Promise<boolean> {
  return claimSrpNonce(
    services,
    pool,
    challenge.username,
    `webauthn-${challenge.nonce}`,
    challenge.expiresAt,
  )
}
