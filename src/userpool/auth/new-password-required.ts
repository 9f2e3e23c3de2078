import { InvalidParameterException, NotAuthorizedException } from '../../errors/cognito'
import { applyAttributeChanges } from '../attributes/attribute-changes'
import { checkRequiredAttributes, newPasswordAttributeChanges } from '../attributes/attributes'
import { getUserByUsername } from '../store/directory'
import { updateUser } from '../store/users'
import type { UserPoolClientConfig, UserPoolConfig, UserRecord } from '../model'
import { checkPasswordPolicy } from '../pools/password-policy'
import { checkCompromisedNewPassword } from '../risk/compromised-credentials'
import type { UserPoolServices } from '../services'
import type { AuthOutcome, AuthRequestContext } from './outcome'
import { afterFirstFactor } from './second-factor'
import { openAuthSession } from './session'
import { passwordCredentials } from './srp-verifier'

/**
 * Answers NEW_PASSWORD_REQUIRED: checks the session, sets the new password and any attributes the
 * user supplied (`userAttributes.<name>`), confirms the user and signs them in.
 */
export async function respondNewPassword(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  responses: Record<string, string>,
  sealedSession: string | undefined,
  context: AuthRequestContext,
): Promise<AuthOutcome> {
  const user = await completeNewPassword(services, pool, client, responses, sealedSession)
  return afterFirstFactor(services, pool, client, user, {
    ...context,
    tokenSource: 'TokenGeneration_NewPasswordChallenge',
  })
}

const SESSION_EXPIRED = 'Invalid session for the user, session is expired.'

/**
 * Sets the new password (and attributes) for a NEW_PASSWORD_REQUIRED session; returns the user. The
 * attributes go through `newPasswordAttributeChanges` (what the challenge may write at all) and then
 * the same rules as any other attribute write (a new email or phone is unverified).
 */
export async function completeNewPassword(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  responses: Record<string, string>,
  sealedSession: string | undefined,
): Promise<UserRecord> {
  const session = await openAuthSession(services, client, sealedSession, 'NEW_PASSWORD_REQUIRED')
  const newPassword = responses.NEW_PASSWORD
  if (!newPassword) throw new InvalidParameterException('Missing required parameter NEW_PASSWORD')
  if (responses.USERNAME === undefined)
    throw new InvalidParameterException('Missing required parameter USERNAME')
  checkPasswordPolicy(newPassword, pool.Policies.PasswordPolicy)
  // Choosing a password in place of a temporary one is a password change for threat protection.
  await checkCompromisedNewPassword(services, pool, client.ClientId, 'PASSWORD_CHANGE', newPassword)
  const attributeInputs = Object.entries(responses)
    .filter(([name]) => name.startsWith('userAttributes.'))
    .map(([name, value]) => ({ Name: name.slice('userAttributes.'.length), Value: value }))
  /** The user with the answer's attributes applied, judged against that very record. */
  const answered = (user: UserRecord): UserRecord => {
    if (user.status !== 'FORCE_CHANGE_PASSWORD') throw new NotAuthorizedException(SESSION_EXPIRED)
    const changes = newPasswordAttributeChanges(pool, client, user.attributes, attributeInputs)
    const changed = applyAttributeChanges(user, changes)
    checkRequiredAttributes(pool, changed.attributes)
    return changed
  }
  const loaded = await getUserByUsername(services, pool, session.username)
  if (!loaded) throw new NotAuthorizedException(SESSION_EXPIRED)
  // Refuse a bad answer before the costly password work; the write judges the record it replaces.
  answered(loaded.user)
  const credentials = await passwordCredentials(services, pool, loaded.user.username, newPassword)
  const saved = await updateUser(services, pool, loaded, (user) => {
    const { temporaryPasswordExpiresAt: _used, ...rest } = answered(user)
    return { ...rest, ...credentials, status: 'CONFIRMED' }
  })
  return saved.user
}
