import { ResourceNotFoundException } from '../../errors/cognito'
import type { UserPoolConfig, UserRecord, WebAuthnCredentialRecord } from '../model'
import type { UserPoolServices } from '../services'
import { listCredentials, removeCredential } from '../store/webauthn-credentials'

/** Cognito's WebAuthnCredentialDescription of a stored passkey (CreatedAt in epoch seconds). */
export function describeCredential(credential: WebAuthnCredentialRecord) {
  return {
    CredentialId: credential.credentialId,
    FriendlyCredentialName: credential.friendlyName,
    RelyingPartyId: credential.relyingPartyId,
    ...(credential.attachment ? { AuthenticatorAttachment: credential.attachment } : {}),
    AuthenticatorTransports: credential.transports,
    CreatedAt: Math.floor(credential.createdAt / 1000),
  }
}

/** ListWebAuthnCredentials: a page of the user's passkeys, and where the next page starts. */
export async function listUserCredentials(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
  options: { after?: string; limit: number },
) {
  const page = await listCredentials(services, pool, user, options)
  return { credentials: page.credentials.map(describeCredential), next: page.next }
}

/** DeleteWebAuthnCredential: one of the user's own passkeys; another user's id is not found. */
export async function deleteUserCredential(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
  credentialId: string,
): Promise<void> {
  if (!(await removeCredential(services, pool, user, credentialId)))
    throw new ResourceNotFoundException('The passkey credential was not found.')
}
