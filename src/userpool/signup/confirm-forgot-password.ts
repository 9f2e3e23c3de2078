import { NotAuthorizedException, UserNotFoundException } from '../../errors/cognito'
import { verifySecretHash, type ResolvedClient } from '../clients/client-auth'
import { checkCode, guessWithoutCode } from '../delivery/codes'
import { findUser } from '../store/directory'
import { saveUser } from '../store/users'
import { checkPasswordPolicy } from '../pools/password-policy'
import { checkCompromisedNewPassword } from '../risk/compromised-credentials'
import { phantomUsername } from '../users/phantom-user'
import type { UserPoolServices } from '../services'
import { clearLockout } from '../auth/sign-in-guard'
import { passwordCredentials } from '../auth/srp-verifier'
import { postConfirmation } from '../triggers/post-confirmation'
import type { TriggerCaller } from '../triggers/trigger-event'

const disabled = () => new NotAuthorizedException('User is disabled.')

/**
 * ConfirmForgotPassword: a right code sets the new password, confirms the user and lifts a
 * lockout. Every guess is counted before it is compared, and a code's guesses run out. With
 * PreventUserExistenceErrors an unknown name gets a wrong code's answer, after the same limiter
 * call and hashing, and a disabled user is told so only once the code is right.
 */
export async function confirmForgotPassword(
  services: UserPoolServices,
  { pool, client }: ResolvedClient,
  input: {
    Username: string
    ConfirmationCode: string
    Password: string
    SecretHash?: string
    ClientMetadata?: Record<string, string>
  },
  caller: TriggerCaller = {},
): Promise<void> {
  await verifySecretHash(client, input.Username, input.SecretHash)
  checkPasswordPolicy(input.Password, pool.Policies.PasswordPolicy)
  await checkCompromisedNewPassword(
    services,
    pool,
    client.ClientId,
    'PASSWORD_CHANGE',
    input.Password,
  )
  const loaded = await findUser(services, pool, input.Username)
  const hidden = client.PreventUserExistenceErrors === 'ENABLED'
  if (!loaded) {
    if (!hidden) throw new UserNotFoundException('Username/client id combination not found.')
    throw await guessWithoutCode(
      services,
      pool,
      await phantomUsername(services, pool, input.Username),
      'FORGOT_PASSWORD',
      input.ConfirmationCode,
    )
  }
  // With existence hidden, only the right code learns that the user is disabled.
  if (!loaded.user.enabled && !hidden) throw disabled()
  const check = await checkCode(
    services,
    pool,
    loaded.user,
    'FORGOT_PASSWORD',
    input.ConfirmationCode,
    { hideExpiry: hidden },
  )
  if (!check.ok) throw check.error
  if (!loaded.user.enabled) throw disabled()
  const credentials = await passwordCredentials(
    services,
    pool,
    loaded.user.username,
    input.Password,
  )
  const { temporaryPasswordExpiresAt: _gone, ...rest } = check.user
  // A reset also ends every session: the old password may have been the compromised thing.
  const saved = await saveUser(services, pool, loaded, {
    ...rest,
    ...credentials,
    status: 'CONFIRMED',
    tokensValidAfter: services.now(),
    updatedAt: services.now(),
  })
  await clearLockout(services, pool, loaded.user.username)
  // After the reset is saved: a failing function is reported, the new password stands.
  await postConfirmation(
    services,
    pool,
    'PostConfirmation_ConfirmForgotPassword',
    saved.user,
    { ...caller, clientId: client.ClientId },
    input.ClientMetadata,
  )
}
