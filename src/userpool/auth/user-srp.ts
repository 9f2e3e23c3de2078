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
interface SecretBlock {
  username: string
  /** 0 for an unknown user or one without a verifier: the challenge is a decoy that never succeeds. */
  answerable: 0 | 1
  /** 1 when a CUSTOM_AUTH sign-in asked for it: answerable only with that sign-in's Session. */
  custom: 0 | 1
  clientPublicHex: string
  serverPublicHex: string
  serverSecretHex: string
  issuedAt: number
  nonce: string
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
  const { secretHex, publicHex } = await serverEphemeral(verifier.verifierHex)
  const block: SecretBlock = {
    username: userId,
    answerable: loaded !== null && loaded.user.srpVerifier !== undefined ? 1 : 0,
    custom: custom ? 1 : 0,
    clientPublicHex: fixedHex(clientPublicHex, GROUP_HEX_DIGITS),
    serverPublicHex: fixedHex(publicHex, GROUP_HEX_DIGITS),
    serverSecretHex: fixedHex(secretHex, SECRET_HEX_DIGITS),
    issuedAt: services.now(),
    nonce: randomToken(16),
  }
  // Standard base64, as Cognito's clients decode it before signing.
  const secretBlock = toBase64(
    fromBase64Url(await services.sealer.seal(SECRET_BLOCK_PURPOSE, block, blockContext(client))),
  )
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
  const loaded = await verifySrpPasswordClaim(services, pool, client, responses)
  const check = await completePasswordSignIn(services, pool, client, loaded)
  if (check.kind === 'challenge') return check
  return afterFirstFactor(services, pool, client, check.user, context)
}

/**
 * Checks a PASSWORD_VERIFIER answer and returns the user whose password it proves. A block made
 * for a CUSTOM_AUTH sign-in is answerable only there (`custom`), so leaving out that sign-in's
 * Session cannot skip its custom challenges.
 */
export async function verifySrpPasswordClaim(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  responses: Record<string, string>,
  { custom = false }: { custom?: boolean } = {},
): Promise<LoadedUser> {
  for (const name of [
    'USERNAME',
    'PASSWORD_CLAIM_SECRET_BLOCK',
    'PASSWORD_CLAIM_SIGNATURE',
    'TIMESTAMP',
  ]) {
    if (!responses[name]) throw new InvalidParameterException(`Missing required parameter ${name}`)
  }
  const block = await openSecretBlock(services, client, responses.PASSWORD_CLAIM_SECRET_BLOCK!)
  if (
    !block ||
    block.issuedAt + SECRET_BLOCK_LIFETIME_MS < services.now() ||
    Boolean(block.custom) !== custom
  )
    throw new NotAuthorizedException('Invalid secret block or it has expired.')
  if (!TIMESTAMP_FORMAT.test(responses.TIMESTAMP!))
    throw new InvalidParameterException(
      'TIMESTAMP is not in the format ddd MMM D HH:mm:ss UTC YYYY.',
    )
  if (responses.USERNAME !== block.username) throw new NotAuthorizedException(WRONG_CREDENTIALS)

  // A decoy answer goes through the same reads, write and arithmetic as a real one, so the time it
  // takes does not tell an unknown user from a wrong password.
  const loaded = await getUserByUsername(services, pool, block.username)
  const keepUntil = block.issuedAt + SECRET_BLOCK_LIFETIME_MS
  if (!(await claimSrpNonce(services, pool, block.username, block.nonce, keepUntil)))
    throw new NotAuthorizedException('Invalid secret block or it has expired.')
  // The claim is an attempt at the password, real or decoy: reserved before the modPow, in the
  // limiter object of the user or of the unknown name, and a failure unless it proves the password.
  const attempt = await reserveSignInAttempt(services, pool, block.username)
  const real = Boolean(block.answerable) && loaded !== null
  const verifier = real ? await openSrpVerifier(services, pool, loaded.user) : null
  const signature = decodeSignature(responses.PASSWORD_CLAIM_SIGNATURE!)
  const expected = await expectedPasswordClaim({
    clientPublicHex: block.clientPublicHex,
    serverPublicHex: block.serverPublicHex,
    serverSecretHex: block.serverSecretHex,
    verifierHex: verifier?.verifierHex ?? toHex(randomBytes(256)),
    poolName: srpPoolName(pool),
    userId: block.username,
    secretBlock: fromBase64(responses.PASSWORD_CLAIM_SECRET_BLOCK!),
    timestamp: responses.TIMESTAMP!,
  })
  const matches = expected !== null && signature !== null && constantTimeEqual(expected, signature)
  if (!real || !verifier || !matches) throw new NotAuthorizedException(WRONG_CREDENTIALS)
  await attempt.succeeded()
  return loaded
}

async function openSecretBlock(
  services: UserPoolServices,
  client: UserPoolClientConfig,
  secretBlock: string,
): Promise<SecretBlock | null> {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(secretBlock) || secretBlock.length > 8192) return null
  try {
    return await services.sealer.open<SecretBlock>(
      SECRET_BLOCK_PURPOSE,
      toBase64Url(fromBase64(secretBlock)),
      blockContext(client),
    )
  } catch {
    return null
  }
}

function decodeSignature(signature: string): Uint8Array<ArrayBuffer> | null {
  try {
    return /^[A-Za-z0-9+/]+={0,2}$/.test(signature) ? fromBase64(signature) : null
  } catch {
    return null
  }
}
