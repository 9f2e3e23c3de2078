import {
  InvalidParameterException,
  NotAuthorizedException,
  PasswordResetRequiredException,
  UserNotConfirmedException,
  UserNotFoundException,
} from '../../errors/cognito'
import {
  checkSignInCode,
  decoySignInCode,
  issueSignInCode,
  signInCodeAddress,
  type SignInCodeMedium,
} from '../mfa/sign-in-codes'
import type { UserPoolClientConfig, UserPoolConfig, UserRecord } from '../model'
import { assertionOptions, type PasskeyProof, verifyAssertion } from '../passkeys/assertion'
import { parseCredentialString } from '../passkeys/credential-json'
import { allowedFirstFactors, webAuthnConfigOf } from '../passkeys/relying-party'
import type { UserPoolServices } from '../services'
import { findUser, getUserByUsername, type LoadedUser } from '../store/directory'
import { countCredentials } from '../store/webauthn-credentials'
import type { AuthOutcome, AuthRequestContext } from './outcome'
import { afterFirstFactor } from './second-factor'
import { passwordSignIn, runPreAuthentication } from './user-password'
import { initiateSrpSignIn } from './user-srp'
import {
  openUserAuthSession,
  sealUserAuthSession,
  type UserAuthChoice,
  type UserAuthSession,
} from './user-auth-session'

const CHOICES: readonly UserAuthChoice[] = [
  'PASSWORD',
  'PASSWORD_SRP',
  'WEB_AUTHN',
  'EMAIL_OTP',
  'SMS_OTP',
]
const isChoice = (value: string | undefined): value is UserAuthChoice =>
  CHOICES.includes(value as UserAuthChoice)
const PASSKEY_REFUSED = 'Incorrect passkey credential.'
const MEDIUM = { EMAIL_OTP: 'EMAIL', SMS_OTP: 'SMS' } as const satisfies Record<
  string,
  SignInCodeMedium
>

/** Who a USER_AUTH sign-in is for: the name as given, and the user it finds (null: unknown). */
interface Signer {
  name: string
  loaded: LoadedUser | null
}

/**
 * The choices a user has, in the order of the pool's SignInPolicy: PASSWORD (as PASSWORD and
 * PASSWORD_SRP) for a user with a password, WEB_AUTHN for one with a passkey, EMAIL_OTP and
 * SMS_OTP for one with an address to send a code to. An unknown name (where user existence is
 * hidden) is offered every allowed choice but WEB_AUTHN, as a user with a password and both
 * addresses is, and each one fails later.
 */
async function availableChoices(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord | null,
): Promise<UserAuthChoice[]> {
  const choices: UserAuthChoice[] = []
  for (const factor of allowedFirstFactors(pool)) {
    if (factor === 'PASSWORD') {
      if (!user || user.passwordHash) choices.push('PASSWORD', 'PASSWORD_SRP')
    } else if (factor === 'WEB_AUTHN') {
      if (user && (await countCredentials(services, pool, user)) > 0) choices.push('WEB_AUTHN')
    } else if (!user || signInCodeAddress(user, MEDIUM[factor])) choices.push(factor)
  }
  return choices
}

/**
 * InitiateAuth / AdminInitiateAuth USER_AUTH: choice-based sign-in. With a PREFERRED_CHALLENGE
 * the user has, that choice starts at once (PASSWORD signs in with the PASSWORD parameter,
 * PASSWORD_SRP answers PASSWORD_VERIFIER, WEB_AUTHN and the codes answer their challenge);
 * otherwise SELECT_CHALLENGE lists the choices (AvailableChallenges) for RespondToAuthChallenge.
 */
export async function initiateUserAuth(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  parameters: Record<string, string>,
  context: AuthRequestContext,
): Promise<AuthOutcome> {
  const name = parameters.USERNAME
  if (!name) throw new InvalidParameterException('Missing required parameter USERNAME')
  const preferred = parameters.PREFERRED_CHALLENGE
  if (preferred !== undefined && !isChoice(preferred))
    throw new InvalidParameterException(
      `PREFERRED_CHALLENGE ${preferred} is not a valid challenge.`,
    )
  const loaded = await findUser(services, pool, name)
  if (!loaded && client.PreventUserExistenceErrors !== 'ENABLED')
    throw new UserNotFoundException('User does not exist.')
  const available = await availableChoices(services, pool, loaded?.user ?? null)
  const signer = { name, loaded }
  if (preferred && available.includes(preferred))
    return startChoice(services, pool, client, signer, preferred, parameters, context)
  if (available.length === 0)
    throw new NotAuthorizedException('The user has no sign-in method that the pool allows.')
  return {
    kind: 'challenge',
    challengeName: 'SELECT_CHALLENGE',
    parameters: {},
    availableChallenges: available,
    session: await sealUserAuthSession(services, client, {
      ...sessionUser(signer),
      stage: 'SELECT_CHALLENGE',
      available,
    }),
  }
}

const sessionUser = ({ name, loaded }: Signer) => ({
  username: loaded?.user.username ?? name,
  known: loaded !== null,
})

/** The first step of a choice the user made (or preferred). */
async function startChoice(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  signer: Signer,
  choice: UserAuthChoice,
  parameters: Record<string, string>,
  context: AuthRequestContext,
): Promise<AuthOutcome> {
  switch (choice) {
    case 'PASSWORD': {
      if (!parameters.PASSWORD)
        throw new InvalidParameterException('Missing required parameter PASSWORD')
      return passwordSignIn(services, pool, client, signer.name, parameters.PASSWORD, context)
    }
    case 'PASSWORD_SRP': {
      if (!parameters.SRP_A) throw new InvalidParameterException('Missing required parameter SRP_A')
      return initiateSrpSignIn(services, pool, client, signer.name, parameters.SRP_A, {
        triggers: context,
      })
    }
    case 'WEB_AUTHN': {
      const { loaded } = signer
      if (!loaded) throw new NotAuthorizedException(PASSKEY_REFUSED)
      await runPreAuthentication(services, pool, client, loaded, signer.name, context)
      if (parameters.CREDENTIAL)
        return finishWithPasskey(services, pool, client, loaded, parameters.CREDENTIAL, context)
      const { options, session } = await passkeyChallenge(
        services,
        pool,
        client,
        loaded,
        new URL(context.issuer).origin,
      )
      return {
        kind: 'challenge',
        challengeName: 'WEB_AUTHN',
        parameters: { CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options) },
        session,
      }
    }
    case 'EMAIL_OTP':
    case 'SMS_OTP': {
      const { loaded } = signer
      await runPreAuthentication(services, pool, client, loaded, signer.name, context)
      const medium = MEDIUM[choice]
      const issued = loaded
        ? await issueSignInCode(
            services,
            pool,
            loaded.user.username,
            medium,
            client.AuthSessionValidity,
            {
              ...(context.caller ? { caller: context.caller } : {}),
              ...(context.clientMetadata ? { clientMetadata: context.clientMetadata } : {}),
            },
          )
        : await decoySignInCode(services, pool, signer.name, medium, client.AuthSessionValidity)
      return {
        kind: 'challenge',
        challengeName: choice,
        parameters: {
          CODE_DELIVERY_DELIVERY_MEDIUM: issued.delivery.DeliveryMedium,
          CODE_DELIVERY_DESTINATION: issued.delivery.Destination,
        },
        session: await sealUserAuthSession(services, client, {
          ...sessionUser(signer),
          stage: choice,
          ticket: issued.ticket,
        }),
      }
    }
  }
}

/**
 * RespondToAuthChallenge for USER_AUTH's challenges: SELECT_CHALLENGE (ANSWER, one of the choices
 * offered, with that choice's parameters; PASSWORD and PASSWORD_SRP may also be answered by name),
 * WEB_AUTHN (CREDENTIAL, an AuthenticationResponseJSON as a JSON string), EMAIL_OTP and SMS_OTP
 * (the code). Null for any other challenge name.
 */
export async function respondUserAuth(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  challengeName: string,
  responses: Record<string, string>,
  sealedSession: string | undefined,
  context: AuthRequestContext,
): Promise<AuthOutcome> {
  switch (challengeName) {
    case 'SELECT_CHALLENGE':
    case 'PASSWORD':
    case 'PASSWORD_SRP': {
      const session = await openUserAuthSession(services, client, sealedSession, 'SELECT_CHALLENGE')
      const answer = challengeName === 'SELECT_CHALLENGE' ? responses.ANSWER : challengeName
      if (!answer) throw new InvalidParameterException('Missing required parameter ANSWER')
      if (!isChoice(answer) || !session.available.includes(answer))
        throw new InvalidParameterException(`${answer.slice(0, 64)} is not an available challenge.`)
      const signer = await signerOf(services, pool, session)
      return startChoice(services, pool, client, signer, answer, responses, context)
    }
    case 'WEB_AUTHN': {
      const { user, satisfiesMfa } = await confirmPasskeySignIn(
        services,
        pool,
        client,
        sealedSession,
        responses.CREDENTIAL,
      )
      return finishPasswordless(services, pool, client, user, context, { satisfiesMfa })
    }
    case 'EMAIL_OTP':
    case 'SMS_OTP': {
      const session = await openUserAuthSession(services, client, sealedSession, challengeName)
      const code = responses[`${challengeName}_CODE`]
      if (!code)
        throw new InvalidParameterException(`Missing required parameter ${challengeName}_CODE`)
      const user = await checkSignInCode(services, pool, session.username, session.ticket, code)
      return finishPasswordless(services, pool, client, user, context, {
        satisfiesMfa: pool.MfaConfiguration !== 'ON',
      })
    }
    default:
      throw new InvalidParameterException(
        `Challenge ${challengeName} is not a USER_AUTH challenge.`,
      )
  }
}

/** The signer a session names, looked up again (its user may have changed since). */
async function signerOf(
  services: UserPoolServices,
  pool: UserPoolConfig,
  session: Pick<UserAuthSession, 'username' | 'known'>,
): Promise<Signer> {
  const loaded = session.known ? await getUserByUsername(services, pool, session.username) : null
  if (session.known && !loaded) throw new NotAuthorizedException('Incorrect username or password.')
  return { name: session.username, loaded }
}

/**
 * A passkey proves possession and, with user verification, a second thing: where the pool counts
 * it as MFA (FactorConfiguration MULTI_FACTOR_WITH_USER_VERIFICATION) it satisfies MFA even when
 * the pool requires it; otherwise only where MFA is not required.
 */
function passkeySatisfiesMfa(pool: UserPoolConfig, proof: PasskeyProof): boolean {
  if (pool.MfaConfiguration !== 'ON') return true
  return (
    proof.userVerified &&
    webAuthnConfigOf(pool).FactorConfiguration === 'MULTI_FACTOR_WITH_USER_VERIFICATION'
  )
}

async function finishWithPasskey(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  loaded: LoadedUser,
  credential: string | undefined,
  context: AuthRequestContext,
): Promise<AuthOutcome> {
  const parsed = parseCredentialString(credential, 'authentication response')
  const proof = await verifyAssertion(services, pool, client, loaded.user, parsed)
  return finishPasswordless(services, pool, client, loaded.user, context, {
    satisfiesMfa: passkeySatisfiesMfa(pool, proof),
  })
}

/**
 * A WEB_AUTHN challenge for a user with a passkey (JSON API and hosted UI): the request options
 * for navigator.credentials.get on `origin`'s relying party, and the Session that answers it.
 */
export async function passkeyChallenge(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  loaded: LoadedUser,
  origin: string,
) {
  const options = await assertionOptions(services, pool, client, loaded.user, origin)
  const session = await sealUserAuthSession(services, client, {
    username: loaded.user.username,
    known: true,
    stage: 'WEB_AUTHN',
  })
  return { options, session }
}

/**
 * Answers a WEB_AUTHN challenge (JSON API and hosted UI): the user its Session names and whether
 * the passkey also stands for MFA. The user's state is checked by the caller's next step.
 */
export async function confirmPasskeySignIn(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  sealedSession: string | undefined,
  credential: string | undefined,
): Promise<{ user: UserRecord; satisfiesMfa: boolean }> {
  const session = await openUserAuthSession(services, client, sealedSession, 'WEB_AUTHN')
  const { loaded } = await signerOf(services, pool, session)
  if (!loaded) throw new NotAuthorizedException(PASSKEY_REFUSED)
  const parsed = parseCredentialString(credential, 'authentication response')
  const proof = await verifyAssertion(services, pool, client, loaded.user, parsed)
  return { user: loaded.user, satisfiesMfa: passkeySatisfiesMfa(pool, proof) }
}

/** A passwordless first factor proven: Cognito's answers for the user's state, then MFA or tokens. */
function finishPasswordless(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  user: UserRecord,
  context: AuthRequestContext,
  proof: { satisfiesMfa: boolean },
): Promise<AuthOutcome> {
  assertSignableWithoutPassword(user)
  return afterFirstFactor(services, pool, client, user, context, proof)
}

/** Cognito's answers for a user's state once a passwordless factor is proven (JSON API and hosted UI). */
export function assertSignableWithoutPassword(user: UserRecord): void {
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.')
  if (user.status === 'UNCONFIRMED') throw new UserNotConfirmedException('User is not confirmed.')
  if (user.status === 'RESET_REQUIRED')
    throw new PasswordResetRequiredException('Password reset required for the user')
  if (user.status !== 'CONFIRMED')
    throw new NotAuthorizedException('The user cannot sign in without a password.')
}
