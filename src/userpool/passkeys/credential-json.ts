import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server'
import { fromBase64Url, fromUtf8 } from '../../crypto/encoding'
import { InvalidParameterException } from '../../errors/cognito'

/** Larger than any real credential JSON (a packed attestation with its certificates). */
const MAX_CREDENTIAL_CHARS = 64 * 1024
const BASE64URL = /^[A-Za-z0-9_-]*$/

/** What the browser says it signed: the ceremony type, our challenge and the page's origin. */
export interface ClientData {
  type: string
  challenge: string
  origin: string
}

const malformed = (what: string) =>
  new InvalidParameterException(`The credential is not a valid WebAuthn ${what}.`)

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A base64url member, present and bounded, or the typed refusal. */
function base64UrlMember(holder: Record<string, unknown>, name: string, what: string): string {
  const value = holder[name]
  if (typeof value !== 'string' || value.length === 0 || !BASE64URL.test(value))
    throw malformed(what)
  return value
}

/** CREDENTIAL arrives as a JSON string (Amplify sends it so); parse it within a size limit. */
export function parseCredentialString(text: string | undefined, what: string): unknown {
  if (!text) throw new InvalidParameterException('Missing required parameter CREDENTIAL')
  if (text.length > MAX_CREDENTIAL_CHARS) throw malformed(what)
  try {
    return JSON.parse(text)
  } catch {
    throw malformed(what)
  }
}

/** The members every PublicKeyCredential JSON shares; `id` and `rawId` must agree. */
function credentialEnvelope(value: unknown, what: string): Record<string, unknown> {
  if (!isRecord(value) || JSON.stringify(value).length > MAX_CREDENTIAL_CHARS) throw malformed(what)
  const id = base64UrlMember(value, 'id', what)
  if (base64UrlMember(value, 'rawId', what) !== id || value.type !== 'public-key')
    throw malformed(what)
  if (id.length > 1366) throw malformed(what) // a credential id is at most 1023 bytes
  if (!isRecord(value.response)) throw malformed(what)
  return value
}

/** A RegistrationResponseJSON (CompleteWebAuthnRegistration's Credential), checked for shape. */
export function registrationResponse(value: unknown): RegistrationResponseJSON {
  const what = 'registration response'
  const envelope = credentialEnvelope(value, what)
  const response = envelope.response as Record<string, unknown>
  base64UrlMember(response, 'clientDataJSON', what)
  base64UrlMember(response, 'attestationObject', what)
  if (
    response.transports !== undefined &&
    !(Array.isArray(response.transports) && response.transports.every((t) => typeof t === 'string'))
  )
    throw malformed(what)
  return { clientExtensionResults: {}, ...envelope } as unknown as RegistrationResponseJSON
}

/** An AuthenticationResponseJSON (the WEB_AUTHN challenge's CREDENTIAL), checked for shape. */
export function authenticationResponse(value: unknown): AuthenticationResponseJSON {
  const what = 'authentication response'
  const envelope = credentialEnvelope(value, what)
  const response = envelope.response as Record<string, unknown>
  base64UrlMember(response, 'clientDataJSON', what)
  base64UrlMember(response, 'authenticatorData', what)
  base64UrlMember(response, 'signature', what)
  if (response.userHandle !== undefined && response.userHandle !== null)
    base64UrlMember(response, 'userHandle', what)
  return { clientExtensionResults: {}, ...envelope } as unknown as AuthenticationResponseJSON
}

/** The client data of a checked response, or the typed refusal. */
export function clientDataOf(clientDataJSON: string, what: string): ClientData {
  let parsed: unknown
  try {
    parsed = JSON.parse(fromUtf8(fromBase64Url(clientDataJSON)))
  } catch {
    throw malformed(what)
  }
  if (
    !isRecord(parsed) ||
    typeof parsed.type !== 'string' ||
    typeof parsed.challenge !== 'string' ||
    typeof parsed.origin !== 'string'
  )
    throw malformed(what)
  return { type: parsed.type, challenge: parsed.challenge, origin: parsed.origin }
}
