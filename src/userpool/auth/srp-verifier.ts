import { createVerifier } from '../../crypto/srp'
import type { UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'

/** A user's SRP salt and verifier, as sealed at rest (password-equivalent under a fast hash). */
export interface SrpVerifier {
  saltHex: string
  verifierHex: string
}

const PURPOSE = 'srp-verifier'
const context = (pool: UserPoolConfig, username: string) => `${pool.Id}|${username}`

/** The "pool name" SRP hashes in: the pool id after `region_`, as Cognito's clients compute it. */
export const srpPoolName = (pool: UserPoolConfig): string => pool.Id.slice(pool.Id.indexOf('_') + 1)

/**
 * A sealed SRP verifier for a password, bound to the pool and the stored username (the
 * USER_ID_FOR_SRP the client hashes with). Made wherever a password is set, next to its hash.
 */
export async function sealSrpVerifier(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  password: string,
): Promise<string> {
  return services.sealer.seal(
    PURPOSE,
    await createVerifier(srpPoolName(pool), username, password),
    context(pool, username),
  )
}

/** The user's verifier, or null when they have none yet (a password set before SRP existed). */
export async function openSrpVerifier(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
): Promise<SrpVerifier | null> {
  return user.srpVerifier
    ? services.sealer.open<SrpVerifier>(PURPOSE, user.srpVerifier, context(pool, user.username))
    : null
}

/** The hash and the sealed verifier of a new password, for a user whose stored username is known. */
export async function passwordCredentials(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  password: string,
): Promise<{ passwordHash: string; srpVerifier: string }> {
  const [passwordHash, srpVerifier] = await Promise.all([
    services.hasher.hash(password),
    sealSrpVerifier(services, pool, username, password),
  ])
  return { passwordHash, srpVerifier }
}
