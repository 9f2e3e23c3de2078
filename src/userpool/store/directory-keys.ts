import { storeKey, storeKeyPrefix } from '../../storage/keys'

/**
 * Every key of a pool's user directory, in one place. A record lives in the partition its key
 * hashes to (see partitionOf), except where noted: records of one user sit with the user record,
 * so that they are read and written with it in one call.
 */
export const directoryKeys = {
  /** A user record, under the name it is filed by (exact for federated users, folded otherwise). */
  user: (filedName: string): string => storeKey('user', filedName),
  userPrefix: storeKeyPrefix('user'),
  /** Group membership index entry, in the member's partition; the user part is its filed name. */
  member: (groupName: string, filedName: string): string =>
    storeKey('member', groupName, filedName),
  memberPrefix: (groupName: string): string => storeKeyPrefix('member', groupName),
  /** Alias entry (email, phone, preferred_username → username), in the alias key's partition. */
  alias: (attribute: string, normalizedValue: string): string =>
    storeKey('alias', attribute, normalizedValue),
  /** Federated identity linked to a user (→ username), in the link key's partition. */
  providerLink: (providerName: string, subject: string): string =>
    storeKey('idp-link', providerName, subject),
  /** Refresh-token family, in the user's partition. */
  refreshFamily: (originJti: string): string => storeKey('rt', originJti),
  /** Authorization code by the hash of its secret, in the user's partition. */
  authorizationCode: (secretHash: string): string => storeKey('code', secretHash),
  /** Hosted-UI session by the hash of its cookie secret, in the user's partition. */
  ssoSession: (secretHash: string): string => storeKey('sso', secretHash),
  /** A used SRP secret-block nonce, in the user's partition (each block answers once). */
  srpNonce: (nonce: string): string => storeKey('srp', nonce),
  /** A user's auth event, in the user's partition; `sortKey` orders a user's events newest first. */
  authEvent: (username: string, sortKey: string): string =>
    storeKey('auth-event', username, sortKey),
  authEventPrefix: (username: string): string => storeKeyPrefix('auth-event', username),
  /** An auth event's id → its sort key, in the user's partition. */
  authEventId: (username: string, eventId: string): string =>
    storeKey('auth-event-id', username, eventId),
  /**
   * The partition of an address's failed sign-ins (password spraying): every record of
   * addressFailure for that address lives where this key hashes to.
   */
  addressFailures: (address: string): string => storeKey('risk-address', address),
  /** A recent failed sign-in from an address at one account (by a hash of its name). */
  addressFailure: (address: string, accountTag: string): string =>
    storeKey('risk-address-account', address, accountTag),
  addressFailurePrefix: (address: string): string =>
    storeKeyPrefix('risk-address-account', address),
  /**
   * A device of a user, in the user's partition, under the user's sub (not its name): a user
   * deleted and created again under the same name starts with no devices.
   */
  device: (sub: string, deviceKey: string): string => storeKey('device', sub, deviceKey),
  devicePrefix: (sub: string): string => storeKeyPrefix('device', sub),
  /** A user's passkey, by the user's sub and the credential id, in the user's partition. */
  webAuthnCredential: (sub: string, credentialId: string): string =>
    storeKey('webauthn', sub, credentialId),
  webAuthnCredentialPrefix: (sub: string): string => storeKeyPrefix('webauthn', sub),
} as const
