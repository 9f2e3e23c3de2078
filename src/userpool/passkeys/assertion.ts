import {
  generateAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
  verifyAuthenticationResponse,
} from '@simplewebauthn/server'
import { fromBase64Url } from '../../crypto/encoding'
import { NotAuthorizedException } from '../../errors/cognito'
import { reserveSignInAttempt } from '../auth/sign-in-guard'
import type { UserPoolClientConfig, UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { findCredential, listCredentials, recordCredentialUse } from '../store/webauthn-credentials'
import { challengeBytes, claimChallenge, openChallenge, sealChallenge } from './challenge'
import { authenticationResponse, clientDataOf } from './credential-json'
import { userHandleOf } from './registration'
import { originServes, relyingPartyId, webAuthnConfigOf } from './relying-party'

const REFUSED = 'Incorrect passkey credential.'

/**
 * The request options of a WEB_AUTHN challenge: a sealed, single-use challenge for this user and
 * client that lives as long as the sign-in's session, and the user's passkeys as the allowed ones.
 */
export async function assertionOptions(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  user: UserRecord,
  requestOrigin: string,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const rpId = await relyingPartyId(services, pool, requestOrigin)
  const lifetime = client.AuthSessionValidity * 60_000
  const challenge = await sealChallenge(services, pool, 'authentication', {
    sub: user.sub,
    username: user.username,
    clientId: client.ClientId,
    relyingPartyId: rpId,
    expiresAt: services.now() + lifetime,
  })
  const { credentials } = await listCredentials(services, pool, user, { limit: 20 })
  return generateAuthenticationOptions({
    rpID: rpId,
    challenge: challengeBytes(challenge),
    timeout: lifetime,
    userVerification: userVerificationFor(pool, user),
    allowCredentials: credentials
      .filter((c) => c.relyingPartyId === rpId)
      .map((c) => ({ id: c.credentialId, transports: c.transports })),
  })
}

/** The pool's user verification, made `required` for a user with passkey MFA on. */
const userVerificationFor = (pool: UserPoolConfig, user: UserRecord) =>
  user.webAuthnMfa?.enabled ? 'required' : webAuthnConfigOf(pool).UserVerification

/** What a verified assertion proves. */
export interface PasskeyProof {
  /** The authenticator verified the user (PIN, biometrics), not only their presence. */
  userVerified: boolean
}

/**
 * Checks a WEB_AUTHN answer for `user`: a challenge we sealed for this user and client, live and
 * unused; one of this user's passkeys (another user's, or another pool's, finds nothing); the
 * origin and relying party it was registered for; a valid signature; a counter that moved
 * forward. An assertion is an attempt at the account like a password: reserved first, a failure
 * unless it succeeds. Everything wrong is NotAuthorizedException.
 */
export async function verifyAssertion(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  user: UserRecord,
  credential: unknown,
): Promise<PasskeyProof> {
  const response = authenticationResponse(credential)
  const clientData = clientDataOf(response.response.clientDataJSON, 'authentication response')
  const attempt = await reserveSignInAttempt(services, pool, user.username)
  const challenge = await openChallenge(services, pool, 'authentication', clientData.challenge)
  if (
    clientData.type !== 'webauthn.get' ||
    !challenge ||
    challenge.sub !== user.sub ||
    challenge.clientId !== client.ClientId
  )
    throw new NotAuthorizedException(REFUSED)
  const stored = await findCredential(services, pool, user, response.id)
  if (
    !stored ||
    stored.credential.relyingPartyId !== challenge.relyingPartyId ||
    !originServes(clientData.origin, stored.credential.relyingPartyId)
  )
    throw new NotAuthorizedException(REFUSED)
  const handle = response.response.userHandle
  if (handle && handle !== userHandleOf(user)) throw new NotAuthorizedException(REFUSED)
  if (!(await claimChallenge(services, pool, challenge))) throw new NotAuthorizedException(REFUSED)
  let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>>
  try {
    verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: clientData.challenge,
      expectedOrigin: clientData.origin,
      expectedRPID: stored.credential.relyingPartyId,
      requireUserVerification: userVerificationFor(pool, user) === 'required',
      credential: {
        id: stored.credential.credentialId,
        publicKey: fromBase64Url(stored.credential.publicKey),
        counter: stored.credential.counter,
      },
    })
  } catch {
    // A bad signature, a counter that went backwards, a missing user-verification flag.
    throw new NotAuthorizedException(REFUSED)
  }
  if (!verified.verified) throw new NotAuthorizedException(REFUSED)
  const { newCounter, userVerified } = verified.authenticationInfo
  if (!(await recordCredentialUse(services, pool, user, stored, newCounter)))
    throw new NotAuthorizedException(REFUSED)
  await attempt.succeeded()
  return { userVerified }
}
