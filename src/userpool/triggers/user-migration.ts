import type {
  UserMigrationAuthenticationTriggerEvent,
  UserMigrationForgotPasswordTriggerEvent,
} from 'aws-lambda'
import {
  AliasExistsException,
  ConcurrentModificationException,
  InvalidLambdaResponseException,
  InvalidParameterException,
  UsernameExistsException,
} from '../../errors/cognito'
import { checkVerifiedFlags } from '../attributes/attribute-changes'
import { checkRequiredAttributes, validateAttributes } from '../attributes/attributes'
import { passwordCredentials } from '../auth/srp-verifier'
import type { UserPoolClientConfig, UserPoolConfig, UserStatus } from '../model'
import type { UserPoolServices } from '../services'
import { findUser, normalizeAlias, type LoadedUser } from '../store/directory'
import { createUser } from '../store/users'
import { checkUsernameFormat, newUserRecord, resolveNewUsername } from '../users/new-user'
import { configuredTrigger } from './lambda-config'
import { runTrigger } from './run-trigger'
import {
  clientMetadataMember,
  eventBase,
  responseMember,
  type TriggerCaller,
} from './trigger-event'

/** What a sign-in passes on to the triggers it fires: who asked, and the request's ClientMetadata. */
export interface SignInTriggerInput {
  caller?: TriggerCaller
  clientMetadata?: Record<string, string>
}

/**
 * What migration came to. `created`: this call's function vouched for the password and the user
 * now exists with it. `found`: the user was created meanwhile by a concurrent sign-in; the
 * password must be checked against it like any other. Undefined: nobody to sign in.
 */
export type MigratedUser = { kind: 'created' | 'found'; loaded: LoadedUser }

type MigrationSource = 'UserMigration_Authentication' | 'UserMigration_ForgotPassword'

/** Whether the pool migrates unknown users (its attempts at unknown names count like an account's). */
export const migratesUsers = (pool: UserPoolConfig): boolean =>
  configuredTrigger(pool, 'UserMigration') !== undefined

/**
 * UserMigration_Authentication: a password sign-in (USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH,
 * the hosted UI) named nobody, so the pool's function is asked, with the password. The request's
 * ClientMetadata reaches it as `validationData`, as Cognito documents for InitiateAuth.
 */
export function migrateOnSignIn(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  name: string,
  password: string,
  input: SignInTriggerInput,
): Promise<MigratedUser | undefined> {
  return migrate(services, pool, client, 'UserMigration_Authentication', name, input, password)
}

/**
 * UserMigration_ForgotPassword: ForgotPassword named nobody, so the function is asked (no
 * password); the user it vouches for is created RESET_REQUIRED and is sent the code as usual.
 */
export function migrateOnForgotPassword(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  name: string,
  input: SignInTriggerInput,
): Promise<MigratedUser | undefined> {
  return migrate(services, pool, client, 'UserMigration_ForgotPassword', name, input)
}

/**
 * Migrations of one name run one after another in this isolate, so a burst of sign-ins for a new
 * user asks the function once: the others find the user it created. (Another isolate's burst is
 * settled by the store: the loser's createUser clashes and it signs in against the winner's user.)
 */
const inFlight = new Map<string, Promise<unknown>>()

async function migrate(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  source: MigrationSource,
  name: string,
  input: SignInTriggerInput,
  password?: string,
): Promise<MigratedUser | undefined> {
  const trigger = configuredTrigger(pool, 'UserMigration')
  if (!trigger) return undefined
  // Lower case: at worst two spellings of one name wait for each other.
  const key = `${pool.Id}|${name.toLowerCase()}`
  const before = inFlight.get(key) ?? Promise.resolve()
  const run = before
    .catch(() => undefined)
    .then(async (): Promise<MigratedUser | undefined> => {
      const meanwhile = await findUser(services, pool, name)
      if (meanwhile) return { kind: 'found', loaded: meanwhile }
      const event = migrationEvent(services, pool, client, source, name, input, password)
      const { response } = await runTrigger(services, trigger, event)
      return createMigratedUser(services, pool, source, name, response, password)
    })
  inFlight.set(key, run)
  try {
    return await run
  } finally {
    if (inFlight.get(key) === run) inFlight.delete(key)
  }
}

type MigrationEvent =
  | UserMigrationAuthenticationTriggerEvent
  | UserMigrationForgotPasswordTriggerEvent

function migrationEvent(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  source: MigrationSource,
  name: string,
  input: SignInTriggerInput,
  password: string | undefined,
): MigrationEvent {
  const metadata = clientMetadataMember(input.clientMetadata).clientMetadata
  // InitiateAuth's ClientMetadata is validationData here; ForgotPassword's is clientMetadata.
  const metadataMember =
    metadata === undefined
      ? {}
      : source === 'UserMigration_Authentication'
        ? { validationData: metadata }
        : { clientMetadata: metadata }
  return {
    // The name as typed: there is no stored username yet.
    ...eventBase(services, pool, source, name, { ...input.caller, clientId: client.ClientId }),
    triggerSource: source,
    request: {
      // No password on ForgotPassword: the member is absent.
      ...(password !== undefined ? { password } : {}),
      ...metadataMember,
    } as MigrationEvent['request'],
    // Every response member starts null, as Cognito's events show it (the types say absent).
    response: {
      userAttributes: null,
      forceAliasCreation: null,
      enableSMSMFA: null,
      finalUserStatus: null,
      messageAction: null,
      desiredDeliveryMediums: null,
    } as unknown as MigrationEvent['response'],
  }
}

const FINAL_STATUSES = new Set(['CONFIRMED', 'RESET_REQUIRED'])
const MESSAGE_ACTIONS = new Set(['SUPPRESS', 'RESEND'])
const MEDIUMS = new Set(['SMS', 'EMAIL'])

const invalid = (why: string) =>
  new InvalidLambdaResponseException(`Invalid lambda response: ${why}`)

/**
 * The user the function vouched for, created as its answer says: attributes validated as any
 * admin-written attributes (unknown ones refused, required ones present), the password hashed with
 * an SRP verifier. No attributes means the function does not know the name.
 */
async function createMigratedUser(
  services: UserPoolServices,
  pool: UserPoolConfig,
  source: MigrationSource,
  name: string,
  response: object,
  password: string | undefined,
): Promise<MigratedUser | undefined> {
  const returned = responseMember(response, 'userAttributes', 'object')
  if (!returned || Object.keys(returned).length === 0) return undefined
  const finalStatus = responseMember(response, 'finalUserStatus', 'string')
  if (finalStatus !== undefined && !FINAL_STATUSES.has(finalStatus))
    throw invalid(`finalUserStatus ${finalStatus} is not CONFIRMED or RESET_REQUIRED`)
  const action = responseMember(response, 'messageAction', 'string')
  if (action !== undefined && !MESSAGE_ACTIONS.has(action))
    throw invalid(`messageAction ${action} is not SUPPRESS or RESEND`)
  const mediums = (response as { desiredDeliveryMediums?: unknown }).desiredDeliveryMediums
  if (
    mediums !== undefined &&
    mediums !== null &&
    (!Array.isArray(mediums) || mediums.some((m) => !MEDIUMS.has(m as string)))
  )
    throw invalid('desiredDeliveryMediums must be a list of SMS and EMAIL')
  const enableSmsMfa = responseMember(response, 'enableSMSMFA', 'boolean') === true
  const force = responseMember(response, 'forceAliasCreation', 'boolean') === true

  const { username: claimedUsername, ...rest } = returned
  for (const [attribute, value] of Object.entries(rest))
    if (typeof value !== 'string') throw invalid(`userAttributes.${attribute} is not a string`)
  const attributes = validated(pool, rest as Record<string, string>)
  const requested = usernameFor(pool, name, claimedUsername, attributes)
  const sub = crypto.randomUUID()
  const resolved = guarded(() => resolveNewUsername(pool, requested, attributes, sub))
  guarded(() => checkRequiredAttributes(pool, resolved.attributes))
  // A user made without the factor the function asked for would be weaker: refuse rather than drop it.
  if (enableSmsMfa && !pool.smsMfa)
    throw invalid('enableSMSMFA needs SMS MFA turned on for the user pool (SetUserPoolMfaConfig)')
  if (enableSmsMfa && !resolved.attributes.phone_number)
    throw invalid('enableSMSMFA needs a phone_number in userAttributes')
  // A name typed as the email or phone number of a UsernameAttributes pool is that attribute.
  for (const attribute of pool.UsernameAttributes ?? []) {
    const value = resolved.attributes[attribute]
    if (
      resolved.username === sub &&
      value !== undefined &&
      normalizeAlias(attribute, value) !== normalizeAlias(attribute, name) &&
      (attribute === 'email' ? name.includes('@') : !name.includes('@'))
    )
      throw invalid(`userAttributes.${attribute} does not match the name signed in with`)
  }
  const status: UserStatus =
    source === 'UserMigration_Authentication' && finalStatus === 'CONFIRMED'
      ? 'CONFIRMED'
      : 'RESET_REQUIRED'
  const record = newUserRecord({
    username: resolved.username,
    sub,
    attributes: resolved.attributes,
    status,
    // Kept for RESET_REQUIRED too: the right password keeps answering PasswordResetRequiredException
    // (and a wrong one NotAuthorizedException) until the reset replaces it.
    ...(password !== undefined
      ? await passwordCredentials(services, pool, resolved.username, password)
      : {}),
    now: services.now(),
  })
  if (enableSmsMfa) record.smsMfa = { enabled: true, preferred: false }
  const byUsernameAttribute = (pool.UsernameAttributes ?? []).length > 0
  try {
    const loaded = await createUser(services, pool, record, {
      forceAliasCreation: force && !byUsernameAttribute,
    })
    return { kind: 'created', loaded }
  } catch (error) {
    // Another isolate's sign-in migrated the same user first: sign in against that one.
    if (
      error instanceof UsernameExistsException ||
      error instanceof AliasExistsException ||
      error instanceof ConcurrentModificationException
    ) {
      const winner = await findUser(services, pool, name)
      if (winner) return { kind: 'found', loaded: winner }
    }
    throw error
  }
}

/** The returned attributes as Cognito validates any admin-written ones. */
function validated(
  pool: UserPoolConfig,
  attributes: Record<string, string>,
): Record<string, string> {
  return guarded(() => {
    const given = validateAttributes(
      pool,
      Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
      { writer: 'admin', creating: true },
    )
    const kept = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== ''))
    checkVerifiedFlags(kept)
    return kept
  })
}

/**
 * The username to create: the name signed in with, or the `username` the function returned,
 * which it may do only when that name is one of the user's alias attributes (an email or phone
 * number the pool allows as an alias, or preferred_username).
 */
function usernameFor(
  pool: UserPoolConfig,
  name: string,
  claimed: unknown,
  attributes: Record<string, string>,
): string {
  if (claimed === undefined || claimed === null || claimed === name) {
    guarded(() => checkUsernameFormat(pool, name))
    return name
  }
  if (typeof claimed !== 'string' || claimed === '') throw invalid('username is not a string')
  const viaAlias = (pool.AliasAttributes ?? []).some(
    (attribute) =>
      attributes[attribute] !== undefined &&
      normalizeAlias(attribute, attributes[attribute]!) === normalizeAlias(attribute, name),
  )
  if (!viaAlias)
    throw invalid('username may be returned only when the name signed in with is an alias')
  guarded(() => checkUsernameFormat(pool, claimed))
  return claimed
}

/** A rule of the attribute schema broken by the function's answer is its answer's fault. */
function guarded<T>(check: () => T): T {
  try {
    return check()
  } catch (error) {
    if (error instanceof InvalidParameterException) throw invalid(error.message)
    throw error
  }
}
