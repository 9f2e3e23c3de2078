import { InvalidParameterException } from '../../../errors/cognito'
import {
  verifyAccessToken,
  type VerifiedAccessToken,
} from '../../../userpool/tokens/verify-access-token'
import type { UserPoolServices } from '../../../userpool/services'

/**
 * The signed-in user whose devices an operation acts on. GetDevice and ForgetDevice leave
 * AccessToken optional in Cognito's model, but a device belongs to someone: without the token
 * there is nobody to act for.
 */
export function deviceOwner(
  services: UserPoolServices,
  accessToken: string | undefined,
  issuerOrigin: string,
): Promise<VerifiedAccessToken> {
  if (!accessToken) throw new InvalidParameterException('Missing required parameter AccessToken')
  return verifyAccessToken(services, accessToken, issuerOrigin)
}
