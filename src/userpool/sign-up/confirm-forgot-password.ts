import {
  CodeMismatchException,
  NotAuthorizedException,
  UserNotFoundException,
} from '../../errors/cognito'
import { verifySecretHash, type ResolvedClient } from '../client-auth'
import { checkCode } from '../codes'
import { findUser, saveUser } from '../directory'
import { checkPasswordPolicy } from '../password-policy'
import type { UserPoolServices } from '../services'
import { clearLockout } from '../sign-in-guard'
import { passwordCredentials } from '../srp-verifier'

/**
 * ConfirmForgotPassword: a right code sets the new password, confirms the user and lifts a
 * lockout. Every guess is counted before it is compared, and a code's guesses run out.
 */
export async function confirmForgotPassword(
  services: UserPoolServices,
  { pool, client }: ResolvedClient,
  input: { Username: string; ConfirmationCode: string; Password: string; SecretHash?: string },
): Promise<void> {
  await verifySecretHash(client, input.Username, input.SecretHash)
  checkPasswordPolicy(input.Password, pool.Policies.PasswordPolicy)
  const loaded = await findUser(services, pool, input.Username)
  if (!loaded) {
    if (client.PreventUserExistenceErrors === 'ENABLED')
      throw new CodeMismatchException('Invalid verification code provided, please try again.')
    throw new UserNotFoundException('Username/client id combination not found.')
  }
  if (!loaded.user.enabled) throw new NotAuthorizedException('User is disabled.')
  const check = await checkCode(
    services,
    pool,
    loaded.user,
    'FORGOT_PASSWORD',
    input.ConfirmationCode,
  )
  if (!check.ok) throw check.error
  const credentials = await passwordCredentials(
    services,
    pool,
    loaded.user.username,
    input.Password,
  )
  const { temporaryPasswordExpiresAt: _gone, ...rest } = check.user
  // A reset also ends every session: the old password may have been the compromised thing.
  await saveUser(services, pool, loaded, {
    ...rest,
    ...credentials,
    status: 'CONFIRMED',
    tokensValidAfter: services.now(),
    updatedAt: services.now(),
  })
  await clearLockout(services, pool, loaded.user.username)
}
