import { InvalidParameterException } from '../../errors/cognito'
import { requireUser } from '../store/directory'
import { updateUser } from '../store/users'
import { codeChannel } from '../delivery/messages'
import type { UserPoolConfig } from '../model'
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
): Promise<void> {
  const found = await requireUser(services, pool, username)
  if (!codeChannel(pool, found.user, true))
    throw new InvalidParameterException(
      'Cannot reset password for the user as there is no registered/verified email or phone_number',
    )
  const reset = await updateUser(services, pool, found, (user) => ({
    ...user,
    status: user.status === 'UNCONFIRMED' ? user.status : 'RESET_REQUIRED',
    tokensValidAfter: services.now(),
  }))
  await sendResetCode(services, pool, reset)
}
