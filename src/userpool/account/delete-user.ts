import { deleteUser, withFreshUser } from '../store/users'
import type { UserPoolServices } from '../services'
import type { VerifiedAccessToken } from '../tokens/verify-access-token'

/**
 * DeleteUser: the signed-in user deletes their own profile, memberships and aliases. Their tokens
 * die with it, and stay dead if the same username is created again (families and sessions older
 * than the user are refused).
 */
export async function deleteOwnUser(
  services: UserPoolServices,
  { pool, loaded }: VerifiedAccessToken,
): Promise<void> {
  await withFreshUser(services, pool, loaded.user.username, (found) =>
    deleteUser(services, pool, found),
  )
}
