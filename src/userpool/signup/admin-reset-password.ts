import { InvalidParameterException } from '../../errors/cognito'
import { requireUser } from '../store/directory'
import { updateUser } from '../store/users'
import { codeChannel, prepareCustomText } from '../delivery/messages'
import type { UserPoolConfig, UserRecord } from '../model'
import type { MessageContext } from '../triggers/custom-sender'
import type { UserPoolServices } from '../services'
import { sendResetCode } from './forgot-password'

/**
 * AdminResetUserPassword: the user must reset before signing in again (RESET_REQUIRED) and gets a
 * reset code on a verified channel; existing sessions end.
 */
export async function adminResetUserPassword(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  context: MessageContext = {},
): Promise<void> {
  const found = await requireUser(services, pool, username)
  const channel = codeChannel(pool, found.user, true)
  if (!channel)
    throw new InvalidParameterException(
      'Cannot reset password for the user as there is no registered/verified email or phone_number',
    )
  const resetStatus = (user: UserRecord): UserRecord['status'] =>
    user.status === 'UNCONFIRMED' ? user.status : 'RESET_REQUIRED'
  // The function writes its text before the user is made to reset: its failure changes nothing.
  const prepared = await prepareCustomText(
    services,
    pool,
    { ...found.user, status: resetStatus(found.user) },
    { purpose: 'FORGOT_PASSWORD', medium: channel.DeliveryMedium },
    context,
  )
  const reset = await updateUser(services, pool, found, (user) => ({
    ...user,
    status: resetStatus(user),
    tokensValidAfter: services.now(),
  }))
  await sendResetCode(services, pool, reset, { ...context, prepared })
}
