import { InvalidParameterException, UnsupportedUserStateException, UsernameExistsException, UserNotFoundException } from '../../errors/cognito'
import { deliver } from '../deliver'
import { validateAttributes, type AttributeInput } from '../attributes'
import { createUser, findUser, updateUser } from '../directory'
import type { UserPoolConfig, UserRecord } from '../model'
import { newUserRecord, resolveNewUsername } from '../new-user'
import { checkPasswordPolicy } from '../password-policy'
import type { UserPoolServices } from '../services'
import { generateTemporaryPassword } from './temporary-password'

export interface AdminCreateUserInput {
  Username: string
  UserAttributes?: AttributeInput[]
  TemporaryPassword?: string
  ForceAliasCreation?: boolean
  MessageAction?: 'RESEND' | 'SUPPRESS'
  DesiredDeliveryMediums?: Array<'SMS' | 'EMAIL'>
}

const DAY_MS = 86_400_000

/**
 * AdminCreateUser: a FORCE_CHANGE_PASSWORD user with a temporary password, invited by message
 * unless suppressed. RESEND re-invites an existing user who has not yet signed in.
 */
export async function adminCreateUser(services: UserPoolServices, pool: UserPoolConfig, input: AdminCreateUserInput): Promise<UserRecord> {
  const temporaryPassword = input.TemporaryPassword ?? generateTemporaryPassword(pool.Policies.PasswordPolicy)
  if (input.TemporaryPassword !== undefined) checkPasswordPolicy(input.TemporaryPassword, pool.Policies.PasswordPolicy)
  const expiresAt = services.now() + pool.Policies.PasswordPolicy.TemporaryPasswordValidityDays * DAY_MS
  if (input.MessageAction === 'RESEND') return resendInvitation(services, pool, input, temporaryPassword, expiresAt)

  const given = validateAttributes(pool, input.UserAttributes ?? [], { writer: 'admin', creating: true })
  const sub = crypto.randomUUID()
  const { username, attributes } = resolveNewUsername(pool, input.Username, given, sub)
  // Required attributes may be missing here: the user supplies them at the NEW_PASSWORD_REQUIRED
  // challenge (its `requiredAttributes`), as in Cognito.
  const mediums = input.DesiredDeliveryMediums ?? ['SMS']
  if (input.MessageAction !== 'SUPPRESS') deliveryTargets(attributes, mediums, true)
  const user = newUserRecord({
    username,
    sub,
    attributes,
    status: 'FORCE_CHANGE_PASSWORD',
    passwordHash: await services.hasher.hash(temporaryPassword),
    temporaryPasswordExpiresAt: expiresAt,
    now: services.now(),
  })
  if ((pool.UsernameAttributes ?? []).length > 0 && (await findUser(services, pool, input.Username))) {
    throw new UsernameExistsException(`An account with the given ${input.Username.includes('@') ? 'email' : 'phone_number'} already exists.`)
  }
  await createUser(services, pool, user, { forceAliasCreation: input.ForceAliasCreation ?? false })
  if (input.MessageAction !== 'SUPPRESS') await sendInvitation(services, pool, user, temporaryPassword, mediums)
  return user
}

async function resendInvitation(services: UserPoolServices, pool: UserPoolConfig, input: AdminCreateUserInput, temporaryPassword: string, expiresAt: number): Promise<UserRecord> {
  const found = await findUser(services, pool, input.Username)
  if (!found) throw new UserNotFoundException('User does not exist.')
  if (found.user.status !== 'FORCE_CHANGE_PASSWORD') throw new UnsupportedUserStateException('Resend not possible. User is not in FORCE_CHANGE_PASSWORD state.')
  const passwordHash = await services.hasher.hash(temporaryPassword)
  const saved = await updateUser(services, pool, found, (user) => ({ ...user, passwordHash, temporaryPasswordExpiresAt: expiresAt }))
  await sendInvitation(services, pool, saved.user, temporaryPassword, input.DesiredDeliveryMediums ?? ['SMS'])
  return saved.user
}

function deliveryTargets(attributes: Record<string, string>, mediums: Array<'SMS' | 'EMAIL'>, strict: boolean): Array<{ medium: 'SMS' | 'EMAIL'; destination: string }> {
  const out: Array<{ medium: 'SMS' | 'EMAIL'; destination: string }> = []
  for (const medium of mediums) {
    const destination = medium === 'EMAIL' ? attributes.email : attributes.phone_number
    if (destination) out.push({ medium, destination })
    else if (strict && mediums.length === 1) {
      // Cognito's default medium is SMS; a user with only an email still gets the email invitation.
      const fallback = medium === 'SMS' ? attributes.email : undefined
      if (!fallback) throw new InvalidParameterException(`User has no attribute matching desired delivery mediums (${medium === 'EMAIL' ? 'email' : 'phone_number'}).`)
    }
  }
  return out
}

async function sendInvitation(services: UserPoolServices, pool: UserPoolConfig, user: UserRecord, temporaryPassword: string, mediums: Array<'SMS' | 'EMAIL'>): Promise<void> {
  let targets = deliveryTargets(user.attributes, mediums, false)
  if (targets.length === 0 && user.attributes.email) targets = [{ medium: 'EMAIL', destination: user.attributes.email }]
  const template = pool.AdminCreateUserConfig.InviteMessageTemplate ?? {}
  const displayName = user.attributes.email && (pool.UsernameAttributes ?? []).includes('email') ? user.attributes.email : user.username
  for (const { medium, destination } of targets) {
    const text = medium === 'EMAIL' ? template.EmailMessage ?? 'Your username is {username} and temporary password is {####}.' : template.SMSMessage ?? 'Your username is {username} and temporary password is {####}.'
    await deliver(services, {
      poolId: pool.Id,
      username: user.username,
      purpose: 'ADMIN_CREATE_USER',
      medium,
      destination,
      ...(medium === 'EMAIL' ? { subject: template.EmailSubject ?? 'Your temporary password' } : {}),
      body: text.replaceAll('{username}', displayName).replaceAll('{####}', temporaryPassword),
      code: temporaryPassword,
    })
  }
}
