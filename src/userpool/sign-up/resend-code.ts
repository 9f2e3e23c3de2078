import { InvalidParameterException, UserNotFoundException } from '../../errors/cognito'
import { verifySecretHash, type ResolvedClient } from '../client-auth'
import { issueCode } from '../codes'
import { findUser, saveUser } from '../directory'
import { codeChannel, decoyDelivery, sendCode, type CodeDeliveryDetails } from '../messages'
import type { UserPoolServices } from '../services'
import { limitCodeMessages } from '../sign-in-guard'

/** ResendConfirmationCode: a new sign-up code (the old one stops working). */
export async function resendConfirmationCode(
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
  if (loaded.user.status !== 'UNCONFIRMED')
    throw new InvalidParameterException('User is already confirmed.')
  const channel = codeChannel(pool, loaded.user, false)
  if (!channel) throw new InvalidParameterException('Auto verification not turned on.')
  const { code, user } = await issueCode(
    loaded.user,
    'SIGN_UP',
    services.now(),
    channel.AttributeName,
  )
  await saveUser(services, pool, loaded, { ...user, updatedAt: services.now() })
  await sendCode(services, pool, user, channel, 'RESEND_CODE', code)
  const { address: _address, ...details } = channel
  return details
}
