import { validClientPublic } from '../../crypto/srp'
import {
  InvalidLambdaResponseException,
  InvalidParameterException,
  NotAuthorizedException,
  UserNotConfirmedException,
  UserNotFoundException,
} from '../../errors/cognito'
import { findUser, getUserByUsername, normalizeUsername } from '../store/directory'
import type { UserPoolClientConfig, UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { createAuthChallenge } from '../triggers/create-auth-challenge'
import {
  type ChallengeHistoryEntry,
  type ChallengeSubject,
  defineAuthChallenge,
} from '../triggers/define-auth-challenge'
import { type ConfiguredTrigger, configuredTrigger } from '../triggers/lambda-config'
import { triggerUserAttributes } from '../triggers/trigger-event'
import { verifyAuthChallengeResponse } from '../triggers/verify-auth-challenge-response'
import { phantomUsername } from '../users/phantom-user'
import {
  type CustomAuthSession,
  claimCustomAuthSession,
  peekCustomAuthSession,
  sealCustomAuthSession,
} from './custom-session'
import type { AuthOutcome, AuthRequestContext } from './outcome'
import { afterFirstFactor } from './second-factor'
import { reserveSignInAttempt } from './sign-in-guard'
import { completePasswordSignIn, runPreAuthentication } from './user-password'
import { initiateSrpSignIn, verifySrpPasswordClaim } from './user-srp'

const WRONG_CREDENTIALS = 'Incorrect username or password.'

/**
 * How long a custom sign-in's history may grow (SRP_A and PASSWORD_VERIFIER included): once it
 * holds this many results, Define may still issue tokens or fail, but any further challenge is
 * a failure. Define decides the path; the bound keeps a function that never says
 * failAuthentication from handing one sign-in an unlimited run of guesses.
 */
export const MAX_CUSTOM_CHALLENGES = 8

/** A custom sign-in between two calls: who it is about, and its history so far. */
interface CustomSignIn {
  username: string
  signInName: string
  user: UserRecord | null
  history: ChallengeHistoryEntry[]
}

/** The three functions a custom sign-in needs; CUSTOM_AUTH is refused without Define and Create. */
interface ChallengeTriggers {
  define: ConfiguredTrigger
  create: ConfiguredTrigger
  verify: ConfiguredTrigger | undefined
}

function challengeTriggers(pool: UserPoolConfig): ChallengeTriggers {
  const define = configuredTrigger(pool, 'DefineAuthChallenge')
  const create = configuredTrigger(pool, 'CreateAuthChallenge')
  if (!define || !create)
    throw new InvalidParameterException(
      'Custom auth lambda trigger is not configured for the user pool.',
    )
  return { define, create, verify: configuredTrigger(pool, 'VerifyAuthChallengeResponse') }
}

/** How the events describe the user; `userNotFound` only where the client hides unknown users. */
function subjectOf(
  client: UserPoolClientConfig,
  pool: UserPoolConfig,
  signIn: CustomSignIn,
): ChallengeSubject {
  return {
    userName: signIn.user?.username ?? signIn.signInName,
    userAttributes: signIn.user ? triggerUserAttributes(pool, signIn.user) : {},
    ...(client.PreventUserExistenceErrors === 'ENABLED'
      ? { userNotFound: signIn.user === null }
      : {}),
  }
}

/**
 * InitiateAuth / AdminInitiateAuth with CUSTOM_AUTH. `CHALLENGE_NAME: SRP_A` (with SRP_A) starts
 * with password verification: Define first sees `SRP_A` passed. An unknown name is
 * UserNotFoundException, unless the client hides unknown users: then the functions run with
 * `userNotFound: true` and the sign-in can only end in failure.
 */
export async function initiateCustomSignIn(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  parameters: Record<string, string>,
  context: AuthRequestContext,
): Promise<AuthOutcome> {
  const triggers = challengeTriggers(pool)
  const signInName = parameters.USERNAME
  if (!signInName) throw new InvalidParameterException('Missing required parameter USERNAME')
  const withSrp = parameters.CHALLENGE_NAME === 'SRP_A'
  if (withSrp && !parameters.SRP_A)
    throw new InvalidParameterException('Missing required parameter SRP_A')
  if (withSrp && !validClientPublic(parameters.SRP_A!))
    throw new InvalidParameterException('SRP_A is not a valid SRP public value.')
  const loaded = await findUser(services, pool, signInName)
  if (!loaded && client.PreventUserExistenceErrors !== 'ENABLED')
    throw new UserNotFoundException('User does not exist.')
  // Before any challenge function, with InitiateAuth's ClientMetadata as validationData.
  await runPreAuthentication(services, pool, client, loaded, signInName, context)
  // No function runs (and so no code is sent) for a user who could not sign in anyway.
  if (loaded && !loaded.user.enabled) throw new NotAuthorizedException('User is disabled.')
  if (loaded?.user.status === 'UNCONFIRMED')
    throw new UserNotConfirmedException('User is not confirmed.')
  const signIn: CustomSignIn = {
    username: loaded?.user.username ?? (await phantomUsername(services, pool, signInName)),
    signInName,
    user: loaded?.user ?? null,
    history: withSrp ? [{ challengeName: 'SRP_A', challengeResult: true }] : [],
  }
  // The guide: ClientMetadata of InitiateAuth is not passed to the challenge functions.
  const next = { ...context, clientMetadata: undefined }
  return nextChallenge(services, pool, client, triggers, signIn, next, parameters.SRP_A)
}

/**
 * Asks Define what follows the history: tokens (through the one completion every sign-in shares),
 * failure, or the next challenge with its sealed Session.
 */
async function nextChallenge(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  triggers: ChallengeTriggers,
  signIn: CustomSignIn,
  context: AuthRequestContext,
  srpA?: string,
): Promise<AuthOutcome> {
  const caller = context.caller ?? {}
  const subject = subjectOf(client, pool, signIn)
  const decision = await defineAuthChallenge(
    services,
    pool,
    triggers.define,
    subject,
    signIn.history,
    caller,
    context.clientMetadata,
  )
  if (decision.failAuthentication) throw new NotAuthorizedException(WRONG_CREDENTIALS)
  if (decision.issueTokens) return complete(services, pool, client, signIn, context)
  if (signIn.history.length >= MAX_CUSTOM_CHALLENGES)
    throw new NotAuthorizedException(WRONG_CREDENTIALS)
  const sessionState = {
    username: signIn.username,
    signInName: signIn.signInName,
    userNotFound: signIn.user === null,
    history: signIn.history,
  }
  switch (decision.challengeName) {
    case 'CUSTOM_CHALLENGE': {
      const created = await createAuthChallenge(
        services,
        pool,
        triggers.create,
        subject,
        'CUSTOM_CHALLENGE',
        signIn.history,
        caller,
        context.clientMetadata,
      )
      return {
        kind: 'challenge',
        challengeName: 'CUSTOM_CHALLENGE',
        parameters: { ...created.publicChallengeParameters, USERNAME: signIn.username },
        session: await sealCustomAuthSession(services, client, {
          ...sessionState,
          awaiting: 'CUSTOM_CHALLENGE',
          privateChallengeParameters: created.privateChallengeParameters,
          ...(created.challengeMetadata === undefined
            ? {}
            : { challengeMetadata: created.challengeMetadata }),
        }),
      }
    }
    case 'PASSWORD_VERIFIER': {
      // Only right after SRP_A: the client's A is needed, and SRP must come first.
      if (!srpA || signIn.history.at(-1)?.challengeName !== 'SRP_A')
        throw new InvalidLambdaResponseException('Unrecognizable lambda output', {
          detail: 'PASSWORD_VERIFIER may only follow SRP_A',
        })
      const srp = await initiateSrpSignIn(services, pool, client, signIn.signInName, srpA, {
        custom: true,
      })
      return {
        ...srp,
        session: await sealCustomAuthSession(services, client, {
          ...sessionState,
          awaiting: 'PASSWORD_VERIFIER',
          privateChallengeParameters: {},
        }),
      }
    }
    default:
      throw new InvalidLambdaResponseException('Unrecognizable lambda output', {
        detail: `challengeName ${decision.challengeName ?? '(none)'} is not a custom auth challenge`,
      })
  }
}

/** Define said issueTokens: the user as stored now, through the completion every sign-in shares. */
async function complete(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  signIn: CustomSignIn,
  context: AuthRequestContext,
): Promise<AuthOutcome> {
  // An unknown name never gets tokens, whatever a function says.
  const loaded = signIn.user ? await getUserByUsername(services, pool, signIn.username) : null
  if (!loaded) throw new NotAuthorizedException(WRONG_CREDENTIALS)
  const check = await completePasswordSignIn(services, pool, client, loaded)
  if (check.kind === 'challenge') return check
  // Threat protection judges custom authentication by AdvancedSecurityAdditionalFlows.
  return afterFirstFactor(services, pool, client, check.user, { ...context, riskFlow: 'custom' })
}

/** The sign-in a claimed Session continues, with the user as stored now. */
async function resume(
  services: UserPoolServices,
  pool: UserPoolConfig,
  session: CustomAuthSession,
): Promise<CustomSignIn> {
  const loaded = session.userNotFound
    ? null
    : await getUserByUsername(services, pool, session.username)
  if (!session.userNotFound && !loaded?.user.enabled)
    throw new NotAuthorizedException('Invalid session for the user, session is expired.')
  return {
    username: session.username,
    signInName: session.signInName,
    user: loaded?.user ?? null,
    history: session.history,
  }
}

/** USERNAME in a response must name the Session's user: its username, or the name it began with. */
function assertSameUser(
  pool: UserPoolConfig,
  session: CustomAuthSession,
  username: string | undefined,
) {
  if (!username) throw new InvalidParameterException('Missing required parameter USERNAME')
  const given = normalizeUsername(pool, username)
  if (
    given !== normalizeUsername(pool, session.username) &&
    given !== normalizeUsername(pool, session.signInName)
  )
    throw new NotAuthorizedException(WRONG_CREDENTIALS)
}

/**
 * RespondToAuthChallenge CUSTOM_CHALLENGE: Verify judges ANSWER against the private parameters
 * sealed in the Session, the result joins the history, and Define decides again. The Session is
 * used up before Verify runs, and each answer is counted against the account's allowance.
 */
export async function respondCustomChallenge(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  responses: Record<string, string>,
  sealedSession: string | undefined,
  context: AuthRequestContext,
): Promise<AuthOutcome> {
  const triggers = challengeTriggers(pool)
  if (responses.ANSWER === undefined)
    throw new InvalidParameterException('Missing required parameter ANSWER')
  const session = await claimCustomAuthSession(
    services,
    pool,
    client,
    sealedSession,
    'CUSTOM_CHALLENGE',
  )
  assertSameUser(pool, session, responses.USERNAME)
  const signIn = await resume(services, pool, session)
  const attempt = await reserveSignInAttempt(services, pool, session.username, { lockout: false })
  const answerCorrect = triggers.verify
    ? await verifyAuthChallengeResponse(
        services,
        pool,
        triggers.verify,
        subjectOf(client, pool, signIn),
        session.privateChallengeParameters,
        responses.ANSWER,
        context.caller ?? {},
        context.clientMetadata,
      )
    : false
  if (answerCorrect) await attempt.succeeded()
  signIn.history = [
    ...signIn.history,
    {
      challengeName: 'CUSTOM_CHALLENGE',
      challengeResult: answerCorrect,
      ...(session.challengeMetadata === undefined
        ? {}
        : { challengeMetadata: session.challengeMetadata }),
    },
  ]
  return nextChallenge(services, pool, client, triggers, signIn, context)
}

/**
 * RespondToAuthChallenge PASSWORD_VERIFIER with a CUSTOM_AUTH Session: the SRP claim is checked
 * as in USER_SRP_AUTH (a wrong one is a failed password), then Define sees PASSWORD_VERIFIER
 * passed. Returns null when the Session is not one of this flow's, for the plain SRP path.
 */
export async function respondCustomPasswordVerifier(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  responses: Record<string, string>,
  sealedSession: string | undefined,
  context: AuthRequestContext,
): Promise<AuthOutcome | null> {
  if (!(await peekCustomAuthSession(services, client, sealedSession))) return null
  const triggers = challengeTriggers(pool)
  const session = await claimCustomAuthSession(
    services,
    pool,
    client,
    sealedSession,
    'PASSWORD_VERIFIER',
  )
  if (responses.USERNAME !== session.username) throw new NotAuthorizedException(WRONG_CREDENTIALS)
  const loaded = await verifySrpPasswordClaim(services, pool, client, responses, {
    custom: true,
    ...(context.signals ? { signals: context.signals } : {}),
  })
  const signIn: CustomSignIn = {
    username: session.username,
    signInName: session.signInName,
    user: loaded.user,
    history: [...session.history, { challengeName: 'PASSWORD_VERIFIER', challengeResult: true }],
  }
  return nextChallenge(services, pool, client, triggers, signIn, context)
}
