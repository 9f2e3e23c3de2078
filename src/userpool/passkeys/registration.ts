import {
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  verifyRegistrationResponse,
} from '@simplewebauthn/server'
import { decodeAttestationObject, parseAuthenticatorData } from '@simplewebauthn/server/helpers'
import { constantTimeEqual, fromBase64Url, toBase64Url, utf8 } from '../../crypto/encoding'
import { sha256 } from '../../crypto/hash'
import {
  InvalidParameterException,
  LimitExceededException,
  WebAuthnChallengeNotFoundException,
  WebAuthnClientMismatchException,
  WebAuthnCredentialNotSupportedException,
  WebAuthnOriginNotAllowedException,
  WebAuthnRelyingPartyMismatchException,
} from '../../errors/cognito'
import type {
  UserPoolClientConfig,
  UserPoolConfig,
  UserRecord,
  WebAuthnCredentialRecord,
} from '../model'
import type { UserPoolServices } from '../services'
import {
  addCredential,
  countCredentials,
  listCredentials,
  MAX_CREDENTIALS_PER_USER,
} from '../store/webauthn-credentials'
import { challengeBytes, claimChallenge, openChallenge, sealChallenge } from './challenge'
import { clientDataOf, registrationResponse } from './credential-json'
import {
  assertPasskeysEnabled,
  originServes,
  relyingPartyId,
  webAuthnConfigOf,
} from './relying-party'

/** The signed-in user a registration is for, as their access token names them. */
export interface PasskeyOwner {
  pool: UserPoolConfig
  client: UserPoolClientConfig
  user: UserRecord
}

/** How long a StartWebAuthnRegistration challenge may be answered. */
const REGISTRATION_LIFETIME_MS = 5 * 60_000
/** ES256 and RS256, the algorithms Cognito offers. */
const ALGORITHMS = [-7, -257]

/** The user handle a passkey stores: the user's sub, so it names the user and never changes. */
export const userHandleOf = (user: UserRecord): string => toBase64Url(utf8(user.sub))

/**
 * StartWebAuthnRegistration: the creation options (a sealed, single-use challenge for this user
 * and client; the pool's relying party; the user's passkeys excluded, so one authenticator is
 * not registered twice). A discoverable credential is asked for, as Cognito does.
 */
export async function startRegistration(
  services: UserPoolServices,
  { pool, client, user }: PasskeyOwner,
  requestOrigin: string,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  assertPasskeysEnabled(pool)
  const rpId = await relyingPartyId(services, pool, requestOrigin)
  const existing = await listCredentials(services, pool, user, { limit: MAX_CREDENTIALS_PER_USER })
  if (existing.credentials.length >= MAX_CREDENTIALS_PER_USER)
    throw new LimitExceededException('The user has registered the most passkeys allowed.')
  const challenge = await sealChallenge(services, pool, 'registration', {
    sub: user.sub,
    username: user.username,
    clientId: client.ClientId,
    relyingPartyId: rpId,
    expiresAt: services.now() + REGISTRATION_LIFETIME_MS,
  })
  const config = webAuthnConfigOf(pool)
  return generateRegistrationOptions({
    rpName: pool.Name,
    rpID: rpId,
    userName: user.attributes.email ?? user.username,
    userDisplayName: user.attributes.name ?? user.attributes.email ?? user.username,
    userID: utf8(user.sub),
    challenge: challengeBytes(challenge),
    timeout: REGISTRATION_LIFETIME_MS,
    attestationType: 'none',
    excludeCredentials: existing.credentials.map((c) => ({
      id: c.credentialId,
      transports: c.transports,
    })),
    authenticatorSelection: {
      residentKey: 'required',
      requireResidentKey: true,
      userVerification: config.UserVerification,
    },
    supportedAlgorithmIDs: ALGORITHMS,
  })
}

/** The RP id hash an attestation's authenticator data names, or null when it cannot be read. */
function attestedRpIdHash(attestationObject: string): Uint8Array | null {
  try {
    const authData = decodeAttestationObject(fromBase64Url(attestationObject)).get('authData')
    return parseAuthenticatorData(authData).rpIdHash
  } catch {
    return null
  }
}

/**
 * CompleteWebAuthnRegistration: checks the credential against the challenge it answers (ours,
 * live, unused, made for this user and this client), the origin it was made on and the relying
 * party it names, verifies the attestation, and stores the passkey in the user's partition.
 */
export async function completeRegistration(
  services: UserPoolServices,
  { pool, client, user }: PasskeyOwner,
  credential: unknown,
): Promise<void> {
  assertPasskeysEnabled(pool)
  const response = registrationResponse(credential)
  const clientData = clientDataOf(response.response.clientDataJSON, 'registration response')
  if (clientData.type !== 'webauthn.create')
    throw new InvalidParameterException('The credential is not a WebAuthn registration response.')
  const challenge = await openChallenge(services, pool, 'registration', clientData.challenge)
  if (!challenge || challenge.sub !== user.sub)
    throw new WebAuthnChallengeNotFoundException(
      'The registration challenge was not found or has expired.',
    )
  if (challenge.clientId !== client.ClientId)
    throw new WebAuthnClientMismatchException('The registration was started by another app client.')
  const rpId = challenge.relyingPartyId
  if (!originServes(clientData.origin, rpId))
    throw new WebAuthnOriginNotAllowedException(
      `The origin ${clientData.origin.slice(0, 200)} is not allowed for relying party ${rpId}.`,
    )
  const rpIdHash = attestedRpIdHash(response.response.attestationObject)
  if (!rpIdHash)
    throw new WebAuthnCredentialNotSupportedException('The attestation cannot be read.')
  if (!constantTimeEqual(rpIdHash, await sha256(rpId)))
    throw new WebAuthnRelyingPartyMismatchException(
      `The credential was not made for relying party ${rpId}.`,
    )
  if ((await countCredentials(services, pool, user)) >= MAX_CREDENTIALS_PER_USER)
    throw new LimitExceededException('The user has registered the most passkeys allowed.')
  if (!(await claimChallenge(services, pool, challenge)))
    throw new WebAuthnChallengeNotFoundException('The registration challenge was already used.')
  const config = webAuthnConfigOf(pool)
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: clientData.challenge,
      expectedOrigin: clientData.origin,
      expectedRPID: rpId,
      requireUserVerification: config.UserVerification === 'required',
      supportedAlgorithmIDs: ALGORITHMS,
    })
  } catch (error) {
    throw new WebAuthnCredentialNotSupportedException(
      `The credential cannot be registered: ${error instanceof Error ? error.message.slice(0, 200) : 'unreadable'}.`,
    )
  }
  if (!verified.verified)
    throw new WebAuthnCredentialNotSupportedException('The credential cannot be registered.')
  const info = verified.registrationInfo
  const record: WebAuthnCredentialRecord = {
    credentialId: info.credential.id,
    publicKey: toBase64Url(info.credential.publicKey),
    counter: info.credential.counter,
    relyingPartyId: rpId,
    friendlyName: friendlyNameOf(response.authenticatorAttachment, services.now()),
    transports: info.credential.transports ?? [],
    ...(response.authenticatorAttachment ? { attachment: response.authenticatorAttachment } : {}),
    createdAt: services.now(),
  }
  if (!(await addCredential(services, pool, user, record)))
    throw new InvalidParameterException('This passkey is already registered for the user.')
}

/** Cognito names a passkey for the user; here, by its kind and the day it was registered. */
function friendlyNameOf(attachment: string | undefined, now: number): string {
  const kind = attachment === 'cross-platform' ? 'Security key' : 'Passkey'
  return `${kind} registered ${new Date(now).toISOString().slice(0, 10)}`
}
