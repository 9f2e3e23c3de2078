import {
  InvalidParameterException,
  NotAuthorizedException,
  UserNotFoundException,
} from '../../errors/cognito'
import { verifySecretHash, type ResolvedClient } from '../client-auth'
import { issueCode } from '../codes'
import { findUser, saveUser, type LoadedUser } from '../directory'
import { codeChannel, decoyDelivery, sendCode, type CodeDeliveryDetails } from '../messages'
import type { UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { limitCodeMessages } from '../sign-in-guard'

/** Issues and sends a password-reset code to the user's verified email or phone. */
export async function sendResetCode(
  services: UserPoolServices,
  pool: UserPoolConfig,
  loaded: LoadedUser,
): Promise<CodeDeliveryDetails> {
  const channel = codeChannel(pool, loaded.user, true)
  if (!channel)
    throw new InvalidParameterException(
      'Cannot reset password for the user as there is no registered/verified email or phone_number',
    )
  const { code, user } = await issueCode(
    loaded.user,
    'FORGOT_PASSWORD',
    services.now(),
    channel.AttributeName,
  )
  await saveUser(services, pool, loaded, { ...user, updatedAt: services.now() })
  await sendCode(services, pool, user, channel, 'FORGOT_PASSWORD', code)
  const { address: _address, ...details } = channel
  return details
}

/** ForgotPassword: a reset code; the password itself changes only on ConfirmForgotPassword. */
export async function forgotPassword(
  services: UserPoolServices,
  { pool, client }: ResolvedClient,
  input: { Username: string; SecretHash?: string },
): Promise<CodeDeliveryDetails> {
  await verifySecretHash(client, input.Username, input.SecretHash)
  const loaded = await findUser(services, pool, input.Username)
  await limitCodeMessages(services, pool, loaded?.user.username ?? input.Username)
  if (!loaded) {
    if (client.PreventUserExistenceErrors === 'ENABLED') return decoyDelivery(pool, input.Username)
    throw new UserNotFoundException('Username/client id combination not found.')
  }
  if (!loaded.user.enabled) throw new NotAuthorizedException('User is disabled.')
  // A federated user's password lives with their identity provider; a reset here would make a second way in.
  if (loaded.user.status === 'EXTERNAL_PROVIDER')
    throw new NotAuthorizedException(
      'Cannot reset password for a federated user; sign in with the identity provider.',
    )
  return sendResetCode(services, pool, loaded)
}
