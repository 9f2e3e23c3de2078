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
import { passwordCredentials } from '../srp-verifier'

/** ConfirmForgotPassword: a right code sets the new password and confirms the user. */
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
    loaded.user,
    'FORGOT_PASSWORD',
    input.ConfirmationCode,
    services.now(),
  )
  if (!check.ok) {
    await saveUser(services, pool, loaded, { ...check.user, updatedAt: services.now() })
    throw check.error
  }
  const credentials = await passwordCredentials(
    services,
    pool,
    loaded.user.username,
    input.Password,
  )
  const { temporaryPasswordExpiresAt: _gone, lockedUntil: _unlocked, ...rest } = check.user
  // A reset also ends every session: the old password may have been the compromised thing.
  await saveUser(services, pool, loaded, {
    ...rest,
    ...credentials,
    status: 'CONFIRMED',
    failedSignIns: 0,
    tokensValidAfter: services.now(),
    updatedAt: services.now(),
  })
}
