import {
  AliasExistsException,
  ConcurrentModificationException,
  UnsupportedUserStateException,
  UsernameExistsException,
} from '../../errors/cognito'
import { checkVerifiedFlags } from '../attributes/attribute-changes'
import { validateAttributes, type AttributeInput } from '../attributes/attributes'
import { findUser } from '../store/directory'
import { ownedAliases } from '../store/aliases'
import { createUser, deleteUser, saveChange, withFreshUser } from '../store/users'
import type { UserPoolConfig, UserRecord } from '../model'
import { checkUsernameFormat, newUserRecord, resolveNewUsername } from './new-user'
import { checkPasswordPolicy } from '../pools/password-policy'
import type { UserPoolServices } from '../services'
import { invitationTargets, sendInvitation, type DeliveryMedium } from './invitation'
import { temporaryPasswordExpiry } from './set-password'
import { generateTemporaryPassword } from './temporary-password'
import { passwordCredentials, sealSrpVerifier } from '../auth/srp-verifier'
import { preSignUp } from '../triggers/pre-sign-up'
import type { TriggerCaller } from '../triggers/trigger-event'

export interface AdminCreateUserInput {
  Username: string
  UserAttributes?: AttributeInput[]
  TemporaryPassword?: string
  ForceAliasCreation?: boolean
  MessageAction?: 'RESEND' | 'SUPPRESS'
  DesiredDeliveryMediums?: DeliveryMedium[]
  ValidationData?: AttributeInput[]
  ClientMetadata?: Record<string, string>
}

/**
 * AdminCreateUser: a FORCE_CHANGE_PASSWORD user with a temporary password (given, or generated to
 * the pool's policy), invited by message unless suppressed. RESEND re-invites an existing user who
 * has not signed in yet, with a new temporary password and a new expiry.
 */
export async function adminCreateUser(
  services: UserPoolServices,
  pool: UserPoolConfig,
  input: AdminCreateUserInput,
  caller: TriggerCaller = {},
): Promise<UserRecord> {
  // A blank TemporaryPassword means "none given", as Cognito reads it.
  if (input.TemporaryPassword)
    checkPasswordPolicy(input.TemporaryPassword, pool.Policies.PasswordPolicy)
  const temporaryPassword =
    input.TemporaryPassword || generateTemporaryPassword(pool.Policies.PasswordPolicy)
  if (input.MessageAction === 'RESEND')
    return resendInvitation(services, pool, input, temporaryPassword, caller)

  checkUsernameFormat(pool, input.Username)
  const given = validateAttributes(pool, input.UserAttributes ?? [], {
    writer: 'admin',
    creating: true,
  })
  const sub = crypto.randomUUID()
  // Blank values set nothing on a new user.
  const { username, attributes } = resolveNewUsername(
    pool,
    input.Username,
    Object.fromEntries(Object.entries(given).filter(([, v]) => v !== '')),
    sub,
  )
  checkVerifiedFlags(attributes)
  // Required attributes may be missing: the user supplies them at the NEW_PASSWORD_REQUIRED
  // challenge (its `requiredAttributes`), as Cognito documents for AdminCreateUser.
  const targets =
    input.MessageAction === 'SUPPRESS'
      ? []
      : invitationTargets(attributes, input.DesiredDeliveryMediums)
  const byUsernameAttribute = (pool.UsernameAttributes ?? []).length > 0
  if (byUsernameAttribute && (await findUser(services, pool, input.Username)))
    throw aliasTaken(pool, input.Username.includes('@') ? 'email' : 'phone_number')
  // Its answer is ignored (Cognito ignores it here), but a refusal refuses before anything is written.
  await preSignUp(services, pool, 'PreSignUp_AdminCreateUser', { username, attributes }, caller, {
    ...(input.ValidationData
      ? {
          validationData: Object.fromEntries(
            input.ValidationData.map((a) => [a.Name, a.Value ?? '']),
          ),
        }
      : {}),
    ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
  })
  const user = newUserRecord({
    username,
    sub,
    attributes,
    status: 'FORCE_CHANGE_PASSWORD',
    ...(await passwordCredentials(services, pool, username, temporaryPassword)),
    temporaryPasswordExpiresAt: temporaryPasswordExpiry(services, pool),
    now: services.now(),
  })
  // ForceAliasCreation moves alias attributes; where email/phone are usernames it does not apply.
  const force = !byUsernameAttribute && input.ForceAliasCreation === true
  // Losing a race for the same alias (another creation claiming it right now) is the same clash.
  const created = await createUser(services, pool, user, { forceAliasCreation: force }).catch(
    (error: unknown) => {
      if (error instanceof ConcurrentModificationException)
        throw aliasTaken(pool, ownedAliases(pool, user)[0]?.attribute ?? 'email')
      throw error
    },
  )
  try {
    await sendInvitation(services, pool, created.user, temporaryPassword, targets, {
      caller,
      ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
    })
  } catch (error) {
    // A user whose invitation never left does not keep the username: the admin can simply retry.
    await deleteUser(services, pool, created).catch(() => undefined)
    throw error
  }
  return created.user
}

/** Where email or phone is an alias, a username in that format would shadow someone's alias. */
function aliasTaken(pool: UserPoolConfig, attribute: string): Error {
  const name = attribute === 'phone_number' ? 'phone_number' : 'email'
  if ((pool.UsernameAttributes ?? []).includes(name))
    return new UsernameExistsException(`An account with the given ${name} already exists.`)
  return new AliasExistsException(`An account with the given ${name} already exists.`)
}

async function resendInvitation(
  services: UserPoolServices,
  pool: UserPoolConfig,
  input: AdminCreateUserInput,
  temporaryPassword: string,
  caller: TriggerCaller,
): Promise<UserRecord> {
  const passwordHash = await services.hasher.hash(temporaryPassword)
  const saved = await withFreshUser(services, pool, input.Username, async (found) => {
    refuseUnlessPending(found.user)
    invitationTargets(found.user.attributes, input.DesiredDeliveryMediums)
    const srpVerifier = await sealSrpVerifier(
      services,
      pool,
      found.user.username,
      temporaryPassword,
    )
    return saveChange(services, pool, found, (user) => {
      refuseUnlessPending(user)
      return {
        ...user,
        passwordHash,
        srpVerifier,
        temporaryPasswordExpiresAt: temporaryPasswordExpiry(services, pool),
      }
    })
  })
  await sendInvitation(
    services,
    pool,
    saved.user,
    temporaryPassword,
    invitationTargets(saved.user.attributes, input.DesiredDeliveryMediums),
    { caller, ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}) },
  )
  return saved.user
}

function refuseUnlessPending(user: UserRecord): void {
  if (user.status !== 'FORCE_CHANGE_PASSWORD')
    throw new UnsupportedUserStateException(
      `Resend not possible. ${user.username} status is not FORCE_CHANGE_PASSWORD.`,
    )
}
