import { InvalidParameterException, NotAuthorizedException } from '../../errors/cognito'
import { updateUser } from '../directory'
import { checkPasswordPolicy } from '../password-policy'
import type { UserPoolServices } from '../services'
import { assertNotLockedOut, limitAccountAttempts, recordFailedSignIn } from '../sign-in-guard'
import type { VerifiedAccessToken } from '../tokens/verify-access-token'
import { passwordCredentials } from '../srp-verifier'

/**
 * ChangePassword: the signed-in user replaces their password. The previous password is checked
 * like a sign-in (a wrong one counts towards lockout, a locked-out user is refused before any
 * hashing); tokens already issued stay valid, as in Cognito.
 */
export async function changePassword(
  services: UserPoolServices,
  { pool, loaded }: VerifiedAccessToken,
  previousPassword: string | undefined,
  proposedPassword: string,
): Promise<void> {
  if (loaded.user.passwordHash !== undefined && previousPassword === undefined)
    throw new InvalidParameterException('Missing required parameter PreviousPassword')
  await limitAccountAttempts(services, pool, loaded.user.username)
  assertNotLockedOut(services, loaded)
  if (
    loaded.user.passwordHash !== undefined &&
    !(await services.hasher.verify(previousPassword ?? '', loaded.user.passwordHash))
  ) {
    await recordFailedSignIn(services, pool, loaded)
    throw new NotAuthorizedException('Incorrect username or password.')
  }
  checkPasswordPolicy(proposedPassword, pool.Policies.PasswordPolicy)
  const credentials = await passwordCredentials(
    services,
    pool,
    loaded.user.username,
    proposedPassword,
  )
  await updateUser(services, pool, loaded, (user) => {
    const { lockedUntil: _cleared, ...rest } = user
    // Reset codes die with the password they would have replaced.
    return {
      ...rest,
      ...credentials,
      failedSignIns: 0,
      codes: user.codes.filter((c) => c.purpose !== 'FORGOT_PASSWORD'),
    }
  })
}
