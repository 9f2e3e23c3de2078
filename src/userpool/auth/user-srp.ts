import {
  constantTimeEqual,
  fromBase64,
  fromBase64Url,
  toBase64,
  toBase64Url,
  toHex,
} from '../../crypto/encoding'
import { randomBytes, randomToken } from '../../crypto/random'
import { expectedPasswordClaim, serverEphemeral, validClientPublic } from '../../crypto/srp'
import {
  InvalidParameterException,
  NotAuthorizedException,
  PasswordResetRequiredException,
  UserNotFoundException,
} from '../../errors/cognito'
import { findUser, getUserByUsername, type LoadedUser } from '../store/directory'
import { claimSrpNonce } from '../store/sessions'
import type { UserPoolClientConfig, UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { phantomUsername } from '../users/phantom-user'
import { assertNotLockedOut, reserveSignInAttempt } from './sign-in-guard'
import { openSrpVerifier, srpPoolName, type SrpVerifier } from './srp-verifier'
import type { AuthOutcome, AuthRequestContext, SrpPasswordVerifierChallenge } from './outcome'
import { afterFirstFactor } from './second-factor'
import { completePasswordSignIn, runPreAuthentication } from './user-password'
import type { SignInTriggerInput } from '../triggers/user-migration'
import { presentedDeviceOf } from '../devices/device-sign-in'
import { recordFailedSignIn } from '../risk/assess-sign-in'
import type { RequestSignals } from '../risk/signals'

const WRONG_CREDENTIALS = 'Incorrect username or password.'
const SECRET_BLOCK_PURPOSE = 'srp-secret-block'
/** How long a PASSWORD_VERIFIER challenge may be answered. */
const SECRET_BLOCK_LIFETIME_MS = 5 * 60_000
/** `ddd MMM D HH:mm:ss UTC YYYY`, the day not zero-padded: the TIMESTAMP Cognito's clients sign. */
const TIMESTAMP_FORMAT =
  /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d UTC \d{4}$/

/**
 * The server's half of the exchange, sealed into SECRET_BLOCK so no state is kept between the two
 * calls; bound to pool and client (associated data), to one user, to a five-minute window, and
 * usable once (its nonce is claimed in the user's partition when it is answered).
 */
interface SecretBlock extends SrpServerHalf {
  username: string
  /** 0 for an unknown user or one without a verifier: the challenge is a decoy that never succeeds. */
  answerable: 0 | 1
  /** 1 when a CUSTOM_AUTH sign-in asked for it: answerable only with that sign-in's Session. */
  custom: 0 | 1
  issuedAt: number
  nonce: string
}

/** The server's half of one SRP exchange, at fixed widths: what a secret block carries. */
export interface SrpServerHalf {
  clientPublicHex: string
  serverPublicHex: string
  serverSecretHex: string
}

const blockContext = (client: UserPoolClientConfig) => `${client.UserPoolId}|${client.ClientId}`

/** Hex digits of the group's numbers (3072 bits) and of the server's secret exponent (256 bits). */
const GROUP_HEX_DIGITS = 768
const SECRET_HEX_DIGITS = 64

/**
 * A number's hex at a fixed width, so a secret block's length (what its ciphertext shows) does not
 * vary with the numbers in it; a decoy's block is exactly as long as a real one's.
 */
const fixedHex = (hex: string, digits: number) => hex.padStart(digits, '0')

/**
 * The server's ephemeral pair for a verifier and the client's A: the half to seal, and B as the
 * client is sent it (SRP_B). The one start of every SRP exchange (users' passwords, devices).
 */
export async function startSrpExchange(
  verifierHex: string,
  clientPublicHex: string,
): Promise<{ half: SrpServerHalf; publicHex: string }> {
  const { secretHex, publicHex } = await serverEphemeral(verifierHex)
  return {
    half: {
      clientPublicHex: fixedHex(clientPublicHex, GROUP_HEX_DIGITS),
      serverPublicHex: fixedHex(publicHex, GROUP_HEX_DIGITS),
      serverSecretHex: fixedHex(secretHex, SECRET_HEX_DIGITS),
    },
    publicHex,
  }
}

/** An exchange's state sealed into a SECRET_BLOCK, in standard base64 as Cognito's clients decode it. */
export async function sealSecretBlock(
  services: UserPoolServices,
  client: UserPoolClientConfig,
  purpose: string,
  block: object,
): Promise<string> {
  return toBase64(fromBase64Url(await services.sealer.seal(purpose, block, blockContext(client))))
}

/**
 * Checks a claim's TIMESTAMP (after its secret block is known good) and whether its
 * PASSWORD_CLAIM_SIGNATURE proves `verifierHex` for this exchange: the one check of every SRP
 * answer. `poolName` and `userId` are what the client hashed (the pool and user, or a device's
 * group key and key).
 */
export async function claimProves(
  half: SrpServerHalf,
  verifierHex: string,
  identity: { poolName: string; userId: string },
  responses: Record<string, string>,
): Promise<boolean> {
  const signature = decodeSignature(responses.PASSWORD_CLAIM_SIGNATURE!)
  const expected = await expectedPasswordClaim({
    ...half,
    verifierHex,
    ...identity,
    secretBlock: fromBase64(responses.PASSWORD_CLAIM_SECRET_BLOCK!),
    timestamp: responses.TIMESTAMP!,
  })
  return expected !== null && signature !== null && constantTimeEqual(expected, signature)
}

/** The members every SRP claim carries, and its TIMESTAMP's form. */
export function requireClaimMembers(responses: Record<string, string>): void {
  for (const name of [
    'USERNAME',
    'PASSWORD_CLAIM_SECRET_BLOCK',
    'PASSWORD_CLAIM_SIGNATURE',
    'TIMESTAMP',
  ]) {
    if (!responses[name]) throw new InvalidParameterException(`Missing required parameter ${name}`)
  }
}

/** A claim's TIMESTAMP in the form Cognito's clients sign. */
export function requireClaimTimestamp(timestamp: string): void {
  if (!TIMESTAMP_FORMAT.test(timestamp))
    throw new InvalidParameterException(
      'TIMESTAMP is not in the format ddd MMM D HH:mm:ss UTC YYYY.',
    )
}

/**
 * USER_SRP_AUTH, first step: the PASSWORD_VERIFIER challenge with the user's salt and the server's
 * public value B. An unknown user (with PreventUserExistenceErrors) or one whose password predates
 * SRP gets a decoy challenge with a stable salt, so the answer looks the same and fails later.
 */
export async function initiateSrpSignIn(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  username: string,
  clientPublicHex: string,
  { custom = false, triggers = {} }: { custom?: boolean; triggers?: SignInTriggerInput } = {},
): Promise<SrpPasswordVerifierChallenge> {
  if (!validClientPublic(clientPublicHex))
    throw new InvalidParameterException('SRP_A is not a valid SRP public value.')
  const loaded = await findUser(services, pool, username)
  // Cognito runs it when the SRP exchange starts, where InitiateAuth's ClientMetadata is (under
  // CUSTOM_AUTH it ran at InitiateAuth already).
  if (!custom) await runPreAuthentication(services, pool, client, loaded, username, triggers)
  if (!loaded && client.PreventUserExistenceErrors !== 'ENABLED')
    throw new UserNotFoundException('User does not exist.')
  // Where every real USER_ID_FOR_SRP is a sub, an unknown name's is sub-shaped too, and stable.
  const userId = loaded?.user.username ?? (await phantomUsername(services, pool, username))
  await assertNotLockedOut(services, pool, userId)
  const verifier =
    (loaded && (await openSrpVerifier(services, pool, loaded.user))) ??
    (await decoyVerifier(services, pool, userId))
  const { half, publicHex } = await startSrpExchange(verifier.verifierHex, clientPublicHex)
  const block: SecretBlock = {
    username: userId,
    answerable: loaded !== null && loaded.user.srpVerifier !== undefined ? 1 : 0,
    custom: custom ? 1 : 0,
    ...half,
    issuedAt: services.now(),
    nonce: randomToken(16),
  }
  const secretBlock = await sealSecretBlock(services, client, SECRET_BLOCK_PURPOSE, block)
  return {
    kind: 'challenge',
    challengeName: 'PASSWORD_VERIFIER',
    parameters: {
      SALT: verifier.saltHex,
      SECRET_BLOCK: secretBlock,
      SRP_B: publicHex,
      USERNAME: userId,
      USER_ID_FOR_SRP: userId,
    },
  }
}

/**
 * A verifier for a user who has none: a stable salt (so repeated asks agree) and a random value in
 * place of v, which the client never sees and which costs no more than opening a real one.
 */
async function decoyVerifier(
  services: UserPoolServices,
  pool: UserPoolConfig,
  userId: string,
): Promise<SrpVerifier> {
  const saltHex = toHex(
    (await services.sealer.fingerprint('srp-decoy-salt', `${pool.Id}|${userId}`)).slice(0, 16),
  )
  return { saltHex, verifierHex: toHex(randomBytes(256)) }
}

/**
 * USER_SRP_AUTH, second step (PASSWORD_VERIFIER): checks the password claim against the sealed
 * secret block. A wrong claim counts as a failed password; a right one continues as any proven
 * password does (tokens, or NEW_PASSWORD_REQUIRED).
 */
export async function respondSrpPasswordVerifier(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  responses: Record<string, string>,
  context: AuthRequestContext,
): Promise<AuthOutcome> {
  // A device that does not exist is refused before the secret block is spent, so the client can
  // answer again without its key, as Cognito's clients do.
  await presentedDeviceOf(services, pool, responses.USERNAME, context.deviceKey)
  const loaded = await verifySrpPasswordClaim(services, pool, client, responses, {
    ...(context.signals ? { signals: context.signals } : {}),
  })
  const check = await completePasswordSignIn(services, pool, client, loaded)
  if (check.kind === 'challenge') return check
  return afterFirstFactor(services, pool, client, check.user, context)
}

/**
 * Checks a PASSWORD_VERIFIER answer and returns the user whose password it proves; a claim that
 * does not prove it is recorded for threat protection with the request's `signals`. A block made
 * for a CUSTOM_AUTH sign-in is answerable only there (`custom`), so leaving out that sign-in's
 * Session cannot skip its custom challenges.
 */
export async function verifySrpPasswordClaim(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  responses: Record<string, string>,
  { custom = false, signals }: { custom?: boolean; signals?: RequestSignals } = {},
): Promise<LoadedUser> {
  requireClaimMembers(responses)
  const block = await openSecretBlock<SecretBlock>(
    services,
    client,
    SECRET_BLOCK_PURPOSE,
    responses.PASSWORD_CLAIM_SECRET_BLOCK!,
  )
  if (!block || Boolean(block.custom) !== custom)
    throw new NotAuthorizedException('Invalid secret block or it has expired.')
  requireClaimTimestamp(responses.TIMESTAMP!)
  if (responses.USERNAME !== block.username) throw new NotAuthorizedException(WRONG_CREDENTIALS)

  // A decoy answer goes through the same reads, write and arithmetic as a real one, so the time it
  // takes does not tell an unknown user from a wrong password.
  const loaded = await getUserByUsername(services, pool, block.username)
  const keepUntil = secretBlockKeepUntil(block)
  if (!(await claimSrpNonce(services, pool, block.username, block.nonce, keepUntil)))
    throw new NotAuthorizedException('Invalid secret block or it has expired.')
  // The claim is an attempt at the password, real or decoy: reserved before the modPow, in the
  // limiter object of the user or of the unknown name, and a failure unless it proves the password.
  const attempt = await reserveSignInAttempt(services, pool, block.username)
  const real = Boolean(block.answerable) && loaded !== null
  const verifier = real ? await openSrpVerifier(services, pool, loaded.user) : null
  const matches = await claimProves(
    block,
    verifier?.verifierHex ?? toHex(randomBytes(256)),
    { poolName: srpPoolName(pool), userId: block.username },
    responses,
  )
  if (!real || !verifier || !matches) {
    // Threat protection counts it as it counts a wrong USER_PASSWORD_AUTH password.
    await recordFailedSignIn(services, pool, loaded?.user ?? null, block.username, signals)
    // A user imported from a CSV file has no password to prove: Cognito asks for the reset.
    if (
      loaded?.user.passwordHash === undefined &&
      loaded?.user.status === 'RESET_REQUIRED' &&
      loaded.user.enabled &&
      client.PreventUserExistenceErrors !== 'ENABLED'
    )
      throw new PasswordResetRequiredException('Password reset required for the user')
    throw new NotAuthorizedException(WRONG_CREDENTIALS)
  }
  await attempt.succeeded()
  return loaded
}

/**
 * The state a SECRET_BLOCK sealed for this client and purpose carries, or null when it is not one
 * (tampered with, another client's or purpose's) or older than the five minutes it may be answered
 * in. Every block has `issuedAt`.
 */
export async function openSecretBlock<B extends { issuedAt: number }>(
  services: UserPoolServices,
  client: UserPoolClientConfig,
  purpose: string,
  secretBlock: string,
): Promise<B | null> {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(secretBlock) || secretBlock.length > 8192) return null
  try {
    const block = await services.sealer.open<B>(
      purpose,
      toBase64Url(fromBase64(secretBlock)),
      blockContext(client),
    )
    return block && block.issuedAt + SECRET_BLOCK_LIFETIME_MS >= services.now() ? block : null
  } catch {
    return null
  }
}

/** When a secret block's nonce may be forgotten: once the block can no longer be answered. */
export const secretBlockKeepUntil = (block: { issuedAt: number }): number =>
  block.issuedAt + SECRET_BLOCK_LIFETIME_MS

function decodeSignature(signature: string): Uint8Array<ArrayBuffer> | null {
  try {
    return /^[A-Za-z0-9+/]+={0,2}$/.test(signature) ? fromBase64(signature) : null
  } catch {
    return null
  }
}
