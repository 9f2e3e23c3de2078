import { Hono } from 'hono'
import type { Runtime } from '../config'
import {
  CodeMismatchException,
  EnableSoftwareTokenMFAException,
  ExpiredCodeException,
  NotAuthorizedException,
  SoftwareTokenMFANotFoundException,
} from '../errors/cognito'
import { browserErrors } from '../http/error-handlers'
import { readForm } from '../http/request-params'
import { confirmCodeSignIn, selectMfaFactor } from '../userpool/auth/code-mfa-answers'
import {
  completeMfaSetup,
  confirmSoftwareTokenSignIn,
  stillSignable,
} from '../userpool/auth/second-factor'
import { openAuthSession } from '../userpool/auth/session'
import { getUserByUsername } from '../userpool/store/directory'
import { openMfaSetupSession } from '../userpool/mfa/setup-session'
import { pendingSoftwareTokenSecret } from '../userpool/mfa/software-token'
import { verifyForCaller } from '../userpool/mfa/software-token-setup'
import { issueCsrf, requireCsrf } from './csrf'
import { limitClientIp, signInMessage } from './login-routes'
import { authorizationFor, page, type AppContext } from './page-support'
import { SentCodePage, SoftwareTokenPage } from './pages/mfa-pages'
import { finishSignIn, mfaSetupPage, secondFactorPage, type SignInTarget } from './sign-in-finish'

/** What a person reads when a second-factor step fails; an expired session sends them back to sign in. */
function mfaMessage(error: unknown): string | undefined {
  if (error instanceof CodeMismatchException || error instanceof EnableSoftwareTokenMFAException)
    return 'That code is not right. Enter the code your authenticator app shows now.'
  if (error instanceof SoftwareTokenMFANotFoundException) return error.message
  if (error instanceof NotAuthorizedException && error.message.startsWith('Invalid session'))
    return undefined
  return signInMessage(error)
}

/** Reads a second-factor form: CSRF, the sealed session, the code, and the authorization request it serves. */
async function mfaForm(c: AppContext): Promise<{
  target: SignInTarget
  session: string
  code: string
  /** The sent-code and factor-choice forms' own fields. */
  step: { challenge: string; answer: string; destination: string }
}> {
  const form = await readForm(c.req.raw)
  const {
    _csrf,
    session = '',
    code = '',
    challenge = '',
    answer = '',
    destination = '',
    ...params
  } = form
  requireCsrf(c, _csrf)
  const { pool, client, request, issuer } = await authorizationFor(c, params)
  return {
    target: { pool, client, request, params, issuer: issuer(pool.Id) },
    session,
    code,
    step: { challenge, answer, destination },
  }
}

/** The hosted UI's second factor: a TOTP code, a code sent by SMS or email, a choice of factor, or verifying a newly set-up authenticator. */
export function mfaRoutes(): Hono<{ Variables: { runtime: Runtime } }> {
  const routes = new Hono<{ Variables: { runtime: Runtime } }>()
  routes.onError(browserErrors)

  routes.post('/login/mfa', async (c) => {
    const { target, session, code } = await mfaForm(c)
    try {
      await limitClientIp(c)
      const user = await confirmSoftwareTokenSignIn(
        c.get('runtime').services,
        target.pool,
        target.client,
        session,
        code,
      )
      const { eventId } = await openAuthSession(
        c.get('runtime').services,
        target.client,
        session,
        'SOFTWARE_TOKEN_MFA',
      )
      return await finishSignIn(c, target, user, { eventId })
    } catch (error) {
      const message = mfaMessage(error)
      if (!message) throw error
      return page(
        c,
        target,
        <SoftwareTokenPage
          params={target.params}
          csrf={issueCsrf(c)}
          session={session}
          error={message}
        />,
        400,
      )
    }
  })

  routes.post('/login/mfa-code', async (c) => {
    const { target, session, code, step } = await mfaForm(c)
    const challenge = step.challenge === 'SMS_MFA' ? 'SMS_MFA' : 'EMAIL_OTP'
    try {
      await limitClientIp(c)
      const user = await confirmCodeSignIn(
        c.get('runtime').services,
        target.pool,
        target.client,
        challenge,
        session,
        code,
      )
      const { eventId } = await openAuthSession(
        c.get('runtime').services,
        target.client,
        session,
        challenge,
      )
      return await finishSignIn(c, target, user, { eventId })
    } catch (error) {
      const message =
        error instanceof CodeMismatchException || error instanceof ExpiredCodeException
          ? 'That code is not right. Enter the code we sent you.'
          : mfaMessage(error)
      if (!message) throw error
      return page(
        c,
        target,
        <SentCodePage
          params={target.params}
          csrf={issueCsrf(c)}
          session={session}
          challenge={challenge}
          destination={step.destination}
          error={message}
        />,
        400,
      )
    }
  })

  routes.post('/login/mfa-select', async (c) => {
    const { target, session, step } = await mfaForm(c)
    const { services } = c.get('runtime')
    await limitClientIp(c)
    const challenge = await selectMfaFactor(
      services,
      target.pool,
      target.client,
      session,
      step.answer,
      { caller: { clientId: target.client.ClientId } },
    )
    const { user } = await stillSignable(
      services,
      target.pool,
      challenge.parameters.USER_ID_FOR_SRP,
    )
    return await secondFactorPage(c, target, user, challenge)
  })

  routes.post('/login/mfa-setup', async (c) => {
    const { target, session, code } = await mfaForm(c)
    const { services } = c.get('runtime')
    await limitClientIp(c)
    const verified = await verifyForCaller(
      services,
      { kind: 'signing-in', session },
      code,
      undefined,
    ).catch((error: unknown) => {
      if (error instanceof EnableSoftwareTokenMFAException) return null
      throw error
    })
    if (!verified) {
      // A wrong code leaves the key pending: the same page again, with the same key and session.
      const setup = await openMfaSetupSession(services, session, 'associate')
      const loaded = await getUserByUsername(services, target.pool, setup.username)
      const secret =
        loaded && (await pendingSoftwareTokenSecret(services, target.pool, loaded.user))
      if (!loaded || !secret)
        throw new NotAuthorizedException('Invalid session for the user, session is expired.')
      return await mfaSetupPage(
        c,
        target,
        loaded.user,
        secret,
        session,
        'That code is not right. Enter the code your authenticator app shows now.',
      )
    }
    const user = await completeMfaSetup(services, target.pool, target.client, verified.session)
    const { eventId } = await openMfaSetupSession(services, verified.session, 'verified')
    return await finishSignIn(c, target, user, { eventId })
  })
  return routes
}
