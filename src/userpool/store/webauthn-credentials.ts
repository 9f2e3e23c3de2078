import type { UserPoolConfig, UserRecord, WebAuthnCredentialRecord } from '../model'
import type { UserPoolServices } from '../services'
import { userStore } from './directory'
import { directoryKeys } from './directory-keys'

/** Cognito keeps at most this many passkeys per user. */
export const MAX_CREDENTIALS_PER_USER = 20

/** A stored passkey with the version its next write must expect. */
export interface LoadedCredential {
  credential: WebAuthnCredentialRecord
  version: number
}

const store = (services: UserPoolServices, pool: UserPoolConfig, user: UserRecord) =>
  userStore(services, pool, user.username)

/** A page of the user's passkeys in key order, from after `after`. */
export async function listCredentials(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
  options: { after?: string; limit: number },
): Promise<{ credentials: WebAuthnCredentialRecord[]; next?: string }> {
  const page = await store(services, pool, user).list<WebAuthnCredentialRecord>(
    directoryKeys.webAuthnCredentialPrefix(user.sub),
    options,
  )
  return {
    credentials: page.records.map((r) => r.value),
    ...(page.next ? { next: page.next } : {}),
  }
}

/** How many passkeys the user has. */
export function countCredentials(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
): Promise<number> {
  return store(services, pool, user).count(directoryKeys.webAuthnCredentialPrefix(user.sub))
}

/** One of the user's passkeys by its id, or null (another user's id finds nothing). */
export async function findCredential(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
  credentialId: string,
): Promise<LoadedCredential | null> {
  const record = await store(services, pool, user).get<WebAuthnCredentialRecord>(
    directoryKeys.webAuthnCredential(user.sub, credentialId),
  )
  return record ? { credential: record.value, version: record.version } : null
}

/** Stores a new passkey; false when the user already has one with this id. */
export async function addCredential(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
  credential: WebAuthnCredentialRecord,
): Promise<boolean> {
  const key = directoryKeys.webAuthnCredential(user.sub, credential.credentialId)
  const result = await store(services, pool, user).commit({
    expect: [{ key, version: 0 }],
    put: [{ key, value: credential }],
  })
  return result.ok
}

/**
 * Records the counter of an accepted assertion, only if nobody wrote the passkey since it was
 * read: of two uses of one assertion racing, one wins. False when it lost.
 */
export async function recordCredentialUse(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
  loaded: LoadedCredential,
  counter: number,
): Promise<boolean> {
  const key = directoryKeys.webAuthnCredential(user.sub, loaded.credential.credentialId)
  const result = await store(services, pool, user).commit({
    expect: [{ key, version: loaded.version }],
    put: [{ key, value: { ...loaded.credential, counter } }],
  })
  return result.ok
}

/** Deletes one of the user's passkeys; false when there was none by that id. */
export async function removeCredential(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
  credentialId: string,
): Promise<boolean> {
  const existing = await findCredential(services, pool, user, credentialId)
  if (!existing) return false
  const key = directoryKeys.webAuthnCredential(user.sub, credentialId)
  await store(services, pool, user).commit({
    expect: [{ key, version: existing.version }],
    delete: [key],
  })
  return true
}

/** Deletes every passkey of the user, a page at a time (a deleted user leaves none behind). */
export async function deleteAllCredentials(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
): Promise<void> {
  const credentials = store(services, pool, user)
  for (;;) {
    const page = await credentials.list<WebAuthnCredentialRecord>(
      directoryKeys.webAuthnCredentialPrefix(user.sub),
    )
    if (page.records.length === 0) return
    await credentials.commit({ delete: page.records.map((record) => record.key) })
    if (!page.next) return
  }
}
