import { InvalidParameterException } from '../../../errors/cognito'
import type { SetupCaller } from '../../../userpool/mfa/software-token-setup'
import type { UserPoolServices } from '../../../userpool/services'
import { verifyAccessToken } from '../../../userpool/tokens/verify-access-token'

/** AssociateSoftwareToken and VerifySoftwareToken take an access token or an MFA_SETUP Session. */
export async function setupCaller(
  services: UserPoolServices,
  issuerOrigin: string,
  input: { AccessToken?: string; Session?: string },
): Promise<SetupCaller> {
  if (input.AccessToken) {
    const { pool, loaded } = await verifyAccessToken(services, input.AccessToken, issuerOrigin)
    return { kind: 'signed-in', pool, username: loaded.user.username }
  }
  if (input.Session) return { kind: 'signing-in', session: input.Session }
  throw new InvalidParameterException('Either AccessToken or Session is required.')
}
