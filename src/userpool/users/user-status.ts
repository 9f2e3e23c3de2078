import { NotAuthorizedException } from '../../errors/cognito'
import { deleteUser, saveChange, withFreshUser } from '../store/users'
import type { UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { postConfirmation } from '../triggers/post-confirmation'
import type { TriggerCaller } from '../triggers/trigger-event'

/** AdminDisableUser / AdminEnableUser. Disabling also revokes every token issued so far. */
export async function setUserEnabled(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  enabled: boolean,
): Promise<void> {
  await withFreshUser(services, pool, username, (found) =>
    saveChange(services, pool, found, (user) => ({
      ...user,
      enabled,
      ...(enabled ? {} : { tokensValidAfter: services.now() }),
    })),
  )
}

function refuseUnlessUnconfirmed(user: UserRecord): void {
  if (user.status !== 'UNCONFIRMED')
    throw new NotAuthorizedException(`User cannot be confirmed. Current status is ${user.status}`)
}

/** AdminConfirmSignUp: UNCONFIRMED → CONFIRMED; any other status is refused as Cognito does. */
export async function adminConfirmSignUp(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  trigger: { caller?: TriggerCaller; clientMetadata?: Record<string, string> } = {},
): Promise<void> {
  const saved = await withFreshUser(services, pool, username, (found) => {
    refuseUnlessUnconfirmed(found.user)
    return saveChange(services, pool, found, (user) => {
      refuseUnlessUnconfirmed(user)
      return {
        ...user,
        status: 'CONFIRMED',
        codes: user.codes.filter((c) => c.purpose !== 'SIGN_UP'),
      }
    })
  })
  // After the write, as on ConfirmSignUp: the user stays confirmed whatever the function does.
  await postConfirmation(
    services,
    pool,
    'PostConfirmation_ConfirmSignUp',
    saved.user,
    trigger.caller ?? {},
    trigger.clientMetadata,
  )
}

/** AdminDeleteUser: the record, its group memberships and its aliases. */
export async function adminDeleteUser(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
): Promise<void> {
  await withFreshUser(services, pool, username, (found) => deleteUser(services, pool, found))
}
