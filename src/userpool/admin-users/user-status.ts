import { NotAuthorizedException } from '../../errors/cognito'
import { requireUser, updateUser } from '../directory'
import type { UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'

/** AdminDisableUser / AdminEnableUser. Disabling also revokes every token issued so far. */
export async function setUserEnabled(services: UserPoolServices, pool: UserPoolConfig, username: string, enabled: boolean): Promise<void> {
  const found = await requireUser(services, pool, username)
  await updateUser(services, pool, found, (user) => ({ ...user, enabled, ...(enabled ? {} : { tokensValidAfter: services.now() }) }))
}

/** AdminConfirmSignUp: UNCONFIRMED → CONFIRMED; any other status is refused as Cognito does. */
export async function adminConfirmSignUp(services: UserPoolServices, pool: UserPoolConfig, username: string): Promise<void> {
  const found = await requireUser(services, pool, username)
  if (found.user.status !== 'UNCONFIRMED') throw new NotAuthorizedException(`User cannot be confirmed. Current status is ${found.user.status}`)
  await updateUser(services, pool, found, (user) => {
    if (user.status !== 'UNCONFIRMED') throw new NotAuthorizedException(`User cannot be confirmed. Current status is ${user.status}`)
    return { ...user, status: 'CONFIRMED', codes: user.codes.filter((c) => c.purpose !== 'SIGN_UP') }
  })
}
