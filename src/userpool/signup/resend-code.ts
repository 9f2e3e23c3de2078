import { InvalidParameterException, UserNotFoundException } from '../../errors/cognito'
import { verifySecretHash, type ResolvedClient } from '../clients/client-auth'
import { issueCode } from '../delivery/codes'
import { findUser } from '../store/directory'
import { saveUser, withFreshUser } from '../store/users'
import {
  codeChannel,
  decoyDelivery,
  prepareCustomText,
  sendCode,
  type CodeDeliveryDetails,
} from '../delivery/messages'
import { phantomUsername } from '../users/phantom-user'
import type { UserPoolServices } from '../services'
import { limitCodeMessages } from '../auth/sign-in-guard'
import type { TriggerCaller } from '../triggers/trigger-event'

const NOT_AUTO_VERIFIED = 'Auto verification not turned on.'

/**
 * ResendConfirmationCode: a new sign-up code (the old one stops working). With
 * PreventUserExistenceErrors, an unknown name, a user already confirmed and one without the
 * address the pool verifies all get what an unknown name gets: the same limiter call and a decoy
 * delivery shaped like a real one. A pool that verifies nothing says so to everyone.
 */
export async function resendConfirmationCode(
  services: UserPoolServices,
  { pool, client }: ResolvedClient,
  input: { Username: string; SecretHash?: string; ClientMetadata?: Record<string, string> },
  caller: TriggerCaller = {},
): Promise<CodeDeliveryDetails> {
  await verifySecretHash(client, input.Username, input.SecretHash)
  const loaded = await findUser(services, pool, input.Username)
  const hidden = client.PreventUserExistenceErrors === 'ENABLED'
  if (!hidden) {
    if (!loaded) throw new UserNotFoundException('Username/client id combination not found.')
    if (loaded.user.status !== 'UNCONFIRMED')
      throw new InvalidParameterException('User is already confirmed.')
  }
  if ((pool.AutoVerifiedAttributes ?? []).length === 0)
    throw new InvalidParameterException(NOT_AUTO_VERIFIED)
  const pending = loaded?.user.status === 'UNCONFIRMED' ? loaded : undefined
  const channel = pending && codeChannel(pool, pending.user, false)
  if (!channel && !hidden) throw new InvalidParameterException(NOT_AUTO_VERIFIED)
  await limitCodeMessages(
    services,
    pool,
    loaded?.user.username ?? (await phantomUsername(services, pool, input.Username)),
  )
  if (!pending || !channel) return decoyDelivery(services, pool, input.Username)
  const messageContext = {
    caller: { ...caller, clientId: client.ClientId },
    ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
  }
  // The function writes its text before a new code replaces the one the user already has.
  const prepared = await prepareCustomText(
    services,
    pool,
    pending.user,
    { purpose: 'RESEND_CODE', medium: channel.DeliveryMedium },
    messageContext,
  )
  // Saved on the freshest copy, again after a lost race, so a burst answers alike every time.
  const { code, user } = await withFreshUser(
    services,
    pool,
    pending.user.username,
    async (found) => {
      const issued = await issueCode(found.user, 'SIGN_UP', services.now(), channel.AttributeName)
      await saveUser(services, pool, found, { ...issued.user, updatedAt: services.now() })
      return issued
    },
  )
  await sendCode(services, pool, user, channel, 'RESEND_CODE', code, {
    ...messageContext,
    prepared,
  })
  const { address: _address, ...details } = channel
  return details
}
