import {
  InvalidParameterException,
  NotAuthorizedException,
  UserNotFoundException,
} from '../../errors/cognito'
import { verifySecretHash, type ResolvedClient } from '../clients/client-auth'
import { issueCode } from '../delivery/codes'
import { findUser, type LoadedUser } from '../store/directory'
import { saveUser, withFreshUser } from '../store/users'
import {
  codeChannel,
  decoyDelivery,
  prepareCustomText,
  sendCode,
  type CodeDeliveryDetails,
  type PreparedText,
} from '../delivery/messages'
import type { UserPoolConfig, UserRecord } from '../model'
import { phantomUsername } from '../users/phantom-user'
import type { UserPoolServices } from '../services'
import { limitCodeMessages } from '../auth/sign-in-guard'
import { migrateOnForgotPassword } from '../triggers/user-migration'
import type { MessageContext } from '../triggers/custom-sender'

const NO_CHANNEL =
  'Cannot reset password for the user as there is no registered/verified email or phone_number'

/**
 * Issues and sends a password-reset code to the user's verified email or phone. The code is saved
 * on the freshest copy of the user, again if another write got in first, so a burst of requests
 * gets the same answer every time rather than ConcurrentModificationException.
 */
export async function sendResetCode(
  services: UserPoolServices,
  pool: UserPoolConfig,
  loaded: LoadedUser,
  context: MessageContext & { prepared?: PreparedText } = {},
): Promise<CodeDeliveryDetails> {
  const channel = codeChannel(pool, loaded.user, true)
  if (!channel) throw new InvalidParameterException(NO_CHANNEL)
  // The function writes its text before a reset code is stored (or the caller asked it earlier).
  const prepared =
    context.prepared ??
    (await prepareCustomText(
      services,
      pool,
      loaded.user,
      { purpose: 'FORGOT_PASSWORD', medium: channel.DeliveryMedium },
      context,
    ))
  const { code, user } = await withFreshUser(
    services,
    pool,
    loaded.user.username,
    async (found) => {
      const issued = await issueCode(
        found.user,
        'FORGOT_PASSWORD',
        services.now(),
        channel.AttributeName,
      )
      await saveUser(services, pool, found, { ...issued.user, updatedAt: services.now() })
      return issued
    },
  )
  await sendCode(services, pool, user, channel, 'FORGOT_PASSWORD', code, { ...context, prepared })
  const { address: _address, ...details } = channel
  return details
}

/** Why a user is not sent a reset code (Cognito's answer), if they are not. */
function resetRefusal(pool: UserPoolConfig, user: UserRecord): Error | undefined {
  if (!user.enabled) return new NotAuthorizedException('User is disabled.')
  // A federated user's password lives with their identity provider; a reset here would make a second way in.
  if (user.status === 'EXTERNAL_PROVIDER')
    return new NotAuthorizedException(
      'Cannot reset password for a federated user; sign in with the identity provider.',
    )
  if (!codeChannel(pool, user, true)) return new InvalidParameterException(NO_CHANNEL)
  return undefined
}

/**
 * ForgotPassword: a reset code; the password itself changes only on ConfirmForgotPassword. With
 * PreventUserExistenceErrors, whoever is not sent a code (an unknown name, a disabled or federated
 * user, one with no verified address) gets what an unknown name gets: the same limiter call and a
 * decoy delivery shaped like a real one.
 */
export async function forgotPassword(
  services: UserPoolServices,
  { pool, client }: ResolvedClient,
  input: { Username: string; SecretHash?: string; ClientMetadata?: Record<string, string> },
  context: MessageContext = {},
): Promise<CodeDeliveryDetails> {
  await verifySecretHash(client, input.Username, input.SecretHash)
  let loaded = await findUser(services, pool, input.Username)
  if (!loaded) {
    const migrated = await migrateOnForgotPassword(services, pool, client, input.Username, {
      caller: { ...context.caller, clientId: client.ClientId },
      ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
    })
    loaded = migrated?.loaded ?? null
  }
  const refusal = loaded
    ? resetRefusal(pool, loaded.user)
    : new UserNotFoundException('Username/client id combination not found.')
  if (refusal && client.PreventUserExistenceErrors !== 'ENABLED') throw refusal
  await limitCodeMessages(
    services,
    pool,
    loaded?.user.username ?? (await phantomUsername(services, pool, input.Username)),
  )
  if (refusal || !loaded) return decoyDelivery(services, pool, input.Username)
  return sendResetCode(services, pool, loaded, {
    ...context,
    caller: { ...context.caller, clientId: client.ClientId },
    ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
  })
}
