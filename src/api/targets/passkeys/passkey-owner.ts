import type { PasskeyOwner } from '../../../userpool/passkeys/registration'
import type { UserPoolServices } from '../../../userpool/services'
import { verifyAccessToken } from '../../../userpool/tokens/verify-access-token'

/** The signed-in user, pool and client an access token names, for the passkey operations. */
export async function passkeyOwner(
  services: UserPoolServices,
  accessToken: string,
  issuerOrigin: string,
): Promise<PasskeyOwner> {
  const { pool, client, loaded } = await verifyAccessToken(services, accessToken, issuerOrigin)
  return { pool, client, user: loaded.user }
}
