import {
  NotAuthorizedException,
  PasswordResetRequiredException,
  UserNotConfirmedException,
  UserNotFoundException,
} from '../../errors/cognito'
import { findUser, type LoadedUser } from '../store/directory'
import { updateUser } from '../store/users'
import type { UserPoolClientConfig, UserPoolConfig, UserRecord } from '../model'
import { phantomUsername } from '../users/phantom-user'
import type { UserPoolServices } from '../services'
import { reserveSignInAttempt } from './sign-in-guard'
import { sealSrpVerifier } from './srp-verifier'
import type { AuthOutcome, AuthRequestContext, SessionChallenge } from './outcome'
import { afterFirstFactor } from './second-factor'
import { sealAuthSession } from './session'
import { preAuthentication } from '../triggers/pre-authentication'
import { migrateOnSignIn, migratesUsers, type SignInTriggerInput } from '../triggers/user-migration'
import { recordFailedSignIn, refuseBlockedAddress } from '../risk/assess-sign-in'
import { checkCompromisedSignIn } from '../risk/compromised-credentials'

const WRONG_CREDENTIALS = 'Incorrect username or password.'

let dummyHash: Promise<string> | undefined

/**
 * Verifies against a throwaway hash made with the current parameters, so an unknown user costs
 * the same time as a known one with a wrong password.
 */
async function spendEqualTime(services: UserPoolServices, password: string): Promise<void> {
  dummyHash ??= services.hasher.hash(crypto.randomUUID())
  await services.hasher.verify(password, await dummyHash)
}

/** The result of checking a password: a signed-in user, or the challenge they must answer first. */
export type PasswordCheck =
  | { kind: 'authenticated'; user: UserRecord; compromisedCredentials?: boolean }
  | SessionChallenge<'NEW_PASSWORD_REQUIRED'>

/**
 * USER_PASSWORD_AUTH and ADMIN_USER_PASSWORD_AUTH, and the hosted UI's sign-in form: the password
 * check and Cognito's answers for each user state. PreventUserExistenceErrors=ENABLED makes unknown
 * users indistinguishable from wrong passwords, in body, in time and in lockout.
 */
export async function passwordSignIn(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  username: string,
  password: string,
  context: AuthRequestContext,
): Promise<AuthOutcome> {
  // A blocked address is refused before any name or password is looked at: the same answer for all.
  await refuseBlockedAddress(services, pool, client, context.signals)
  const check = await checkPassword(services, pool, client, username, password, context)
  if (check.kind === 'challenge') return check
  // InitiateAuth's ClientMetadata is not sent to PostAuthentication and PreTokenGeneration.
  return afterFirstFactor(services, pool, client, check.user, {
    ...context,
    clientMetadata: undefined,
    ...(check.compromisedCredentials ? { compromisedCredentials: true } : {}),
  })
}

/** Credentials re-derived from a password just proven: a hash with today's parameters, a missing SRP verifier. */
type CredentialUpgrade = Partial<Pick<UserRecord, 'passwordHash' | 'srpVerifier'>>

/**
 * PreAuthentication before the password or SRP work and before the attempt is reserved, so a
 * refusal costs no hashing and counts nothing against the account. Unknown users reach the
 * function only where the client hides user existence (userNotFound); elsewhere the caller answers
 * UserNotFoundException as before (or migrates them). Every flow's first step calls it (CUSTOM_AUTH's too, once the
 * user is looked up); the flow's last step ends in issueSignInTokens for PostAuthentication.
 */
export async function runPreAuthentication(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  loaded: LoadedUser | null,
  name: string,
  input: SignInTriggerInput,
): Promise<void> {
  const hidesUserExistence = client.PreventUserExistenceErrors === 'ENABLED'
  if (!loaded && !hidesUserExistence) return
  await preAuthentication(
    services,
    pool,
    loaded ? { user: loaded.user } : { user: null, name },
    { clientId: client.ClientId, ...input.caller },
    {
      hidesUserExistence,
      // InitiateAuth's ClientMetadata is PreAuthentication's validationData.
      ...(input.clientMetadata ? { validationData: input.clientMetadata } : {}),
    },
  )
}

/**
 * Checks a password for a sign-in name, after PreAuthentication. The attempt is reserved in the
 * account's limiter object before any hashing (refused while locked out), and counts as a failure unless the password is
 * right, so a burst of guesses is counted guess by guess and nothing is written for a wrong one.
 */
export async function checkPassword(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  username: string,
  password: string,
  triggers: SignInTriggerInput & Pick<AuthRequestContext, 'signals'> = {},
): Promise<PasswordCheck> {
  let loaded = await findUser(services, pool, username)
  const hidden = client.PreventUserExistenceErrors === 'ENABLED'
  await runPreAuthentication(services, pool, client, loaded, username, triggers)
  // An unknown name is counted and locked out like an account when its existence is hidden, or
  // when the migration function would check its password.
  const attempt = await reserveSignInAttempt(
    services,
    pool,
    loaded?.user.username ?? (await phantomUsername(services, pool, username)),
    { lockout: loaded !== null || hidden || migratesUsers(pool) },
  )
  if (!loaded) {
    const migrated = await migrateOnSignIn(services, pool, client, username, password, triggers)
    if (migrated?.kind === 'created') {
      await attempt.succeeded()
      return completePasswordSignIn(services, pool, client, migrated.loaded)
    }
    // Migrated meanwhile by a concurrent sign-in: this password is checked against that user.
    loaded = migrated?.loaded ?? null
  }
  if (!loaded) {
    await spendEqualTime(services, password)
    await recordFailedSignIn(services, pool, null, username, triggers.signals)
    if (hidden) throw new NotAuthorizedException(WRONG_CREDENTIALS)
    throw new UserNotFoundException('User does not exist.')
  }
  // A user imported from a CSV file has no password at all: Cognito asks for the reset whatever
  // was typed (a wrong password, when existence errors are hidden).
  if (
    loaded.user.passwordHash === undefined &&
    loaded.user.status === 'RESET_REQUIRED' &&
    loaded.user.enabled
  ) {
    await spendEqualTime(services, password)
    if (hidden) throw new NotAuthorizedException(WRONG_CREDENTIALS)
    throw new PasswordResetRequiredException('Password reset required for the user')
  }
  const passwordOk =
    loaded.user.passwordHash !== undefined &&
    (await services.hasher.verify(password, loaded.user.passwordHash))
  // A wrong password was counted when it was reserved; threat protection records it, if on.
  if (!passwordOk) {
    await recordFailedSignIn(services, pool, loaded.user, username, triggers.signals)
    throw new NotAuthorizedException(WRONG_CREDENTIALS)
  }
  await attempt.succeeded()
  const compromised =
    loaded.user.enabled &&
    loaded.user.status === 'CONFIRMED' &&
    (await checkCompromisedSignIn(services, pool, client, loaded, password, triggers.signals))
  const { user } = loaded
  const upgrade: CredentialUpgrade = {}
  if (user.enabled && (user.status === 'CONFIRMED' || user.status === 'FORCE_CHANGE_PASSWORD')) {
    if (services.hasher.needsRehash(user.passwordHash!))
      upgrade.passwordHash = await services.hasher.hash(password)
    if (!user.srpVerifier)
      upgrade.srpVerifier = await sealSrpVerifier(services, pool, user.username, password)
  }
  const check = await completePasswordSignIn(services, pool, client, loaded, upgrade)
  return compromised && check.kind === 'authenticated'
    ? { ...check, compromisedCredentials: true }
    : check
}

/**
 * What follows a proven password, whichever way it was proven (the password itself, or an SRP
 * claim; its attempt already reported as a success): Cognito's answer for the user's state, and
 * credentials upgraded.
 */
export async function completePasswordSignIn(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  loaded: LoadedUser,
  upgrade: CredentialUpgrade = {},
): Promise<PasswordCheck> {
  const { user } = loaded
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.')
  if (user.status === 'UNCONFIRMED') throw new UserNotConfirmedException('User is not confirmed.')
  if (user.status === 'RESET_REQUIRED')
    throw new PasswordResetRequiredException('Password reset required for the user')
  const current =
    Object.keys(upgrade).length > 0
      ? await updateUser(services, pool, loaded, (stored) => ({ ...stored, ...upgrade }))
      : loaded
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    if (
      user.temporaryPasswordExpiresAt !== undefined &&
      user.temporaryPasswordExpiresAt < services.now()
    ) {
      throw new NotAuthorizedException(
        'Temporary password has expired and must be reset by an administrator.',
      )
    }
    return newPasswordChallenge(services, pool, client, current.user)
  }
  return { kind: 'authenticated', user: current.user }
}

/** The NEW_PASSWORD_REQUIRED challenge, with Cognito's parameters. */
async function newPasswordChallenge(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  user: UserRecord,
): Promise<SessionChallenge<'NEW_PASSWORD_REQUIRED'>> {
  const required = pool.SchemaAttributes.filter(
    (a) => a.Required && a.Name !== 'sub' && !user.attributes[a.Name],
  ).map((a) => `userAttributes.${a.Name}`)
  const { email_verified: _e, phone_number_verified: _p, ...visible } = user.attributes
  return {
    kind: 'challenge',
    challengeName: 'NEW_PASSWORD_REQUIRED',
    parameters: {
      USER_ID_FOR_SRP: user.username,
      requiredAttributes: JSON.stringify(required),
      userAttributes: JSON.stringify(visible),
    },
    session: await sealAuthSession(services, client, 'NEW_PASSWORD_REQUIRED', user.username),
  }
}
