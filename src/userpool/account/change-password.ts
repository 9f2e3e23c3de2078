import { InvalidParameterException, NotAuthorizedException } from '../../errors/cognito'
import { updateUser } from '../store/users'
import { checkPasswordPolicy } from '../pools/password-policy'
import { checkCompromisedNewPassword } from '../risk/compromised-credentials'
import type { UserPoolServices } from '../services'
import { reserveSignInAttempt } from '../auth/sign-in-guard'
import type { VerifiedAccessToken } from '../tokens/verify-access-token'
import { passwordCredentials } from '../auth/srp-verifier'

/**
 * ChangePassword: the signed-in user replaces their password. The previous password is checked
 * like a sign-in (reserved as an attempt before any hashing, so a wrong one counts towards lockout
 * and a locked-out user is refused); tokens already issued stay valid, as in Cognito.
 */
export async function changePassword(
  services: UserPoolServices,
  { pool, loaded }: VerifiedAccessToken,
  previousPassword: string | undefined,
  proposedPassword: string,
): Promise<void> {
  if (loaded.user.passwordHash !== undefined && previousPassword === undefined)
    throw new InvalidParameterException('Missing required parameter PreviousPassword')
  const attempt = await reserveSignInAttempt(services, pool, loaded.user.username)
  if (
    loaded.user.passwordHash !== undefined &&
    !(await services.hasher.verify(previousPassword ?? '', loaded.user.passwordHash))
  )
    throw new NotAuthorizedException('Incorrect username or password.')
  await attempt.succeeded()
  checkPasswordPolicy(proposedPassword, pool.Policies.PasswordPolicy)
  await checkCompromisedNewPassword(services, pool, undefined, 'PASSWORD_CHANGE', proposedPassword)
  const credentials = await passwordCredentials(
    services,
    pool,
    loaded.user.username,
    proposedPassword,
  )
  // Reset codes die with the password they would have replaced.
  await updateUser(services, pool, loaded, (user) => ({
    ...user,
    ...credentials,
    codes: user.codes.filter((c) => c.purpose !== 'FORGOT_PASSWORD'),
  }))
}
