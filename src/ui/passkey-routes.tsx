import { Hono } from 'hono'
import type { Runtime } from '../config'
import {
  InvalidParameterException,
  LimitExceededException,
  NotAuthorizedException,
  WebAuthnChallengeNotFoundException,
  WebAuthnClientMismatchException,
  WebAuthnCredentialNotSupportedException,
  WebAuthnOriginNotAllowedException,
  WebAuthnRelyingPartyMismatchException,
} from '../errors/cognito'
import { browserErrors } from '../http/error-handlers'
import { readForm } from '../http/request-params'
import {
  assertSignableWithoutPassword,
  confirmPasskeySignIn,
  passkeyChallenge,
} from '../userpool/auth/user-auth'
import { externalProviders } from '../userpool/clients/clients'
import { parseCredentialString } from '../userpool/passkeys/credential-json'
import { completeRegistration } from '../userpool/passkeys/registration'
import { claimSetupTicket, openSetupTicket } from '../userpool/passkeys/setup-ticket'
import { findUser, getUserByUsername } from '../userpool/store/directory'
import { countCredentials } from '../userpool/store/webauthn-credentials'
import { issueCsrf, requireCsrf } from './csrf'
import { limitClientIp, signInMessage } from './login-routes'
import { authorizationFor, page, requireLocalSignIn, type AppContext } from './page-support'
import { passkeySetupOffer } from './passkey-offer'
import { LoginPage } from './pages/login-page'
import { PasskeySignInPage } from './pages/passkey-pages'
import { afterFirstFactorPage, finishSignIn, type SignInTarget } from './sign-in-finish'

const NO_PASSKEY = 'No passkey is registered for this account. Sign in with your password.'
const PASSKEY_FAILED = 'That passkey could not be used. Try again, or sign in with your password.'

/** Reads a passkey form: CSRF, the authorization request it serves, and the step's own fields. */
async function passkeyForm(
  c: AppContext,
): Promise<{ target: SignInTarget; fields: Record<string, string | undefined> }> {
  const form = await readForm(c.req.raw)
  const { _csrf, username, session, credential, ticket, skip, ...params } = form
  requireCsrf(c, _csrf)
  const { pool, client, request, issuer } = await authorizationFor(c, params)
  requireLocalSignIn(client)
  return {
    target: { pool, client, request, params, issuer: issuer(pool.Id) },
    fields: { username, session, credential, ticket, skip },
  }
}

/** The login page again, with what went wrong. */
function loginAgain(c: AppContext, target: SignInTarget, error: string, username = '') {
  return page(
    c,
    target,
    <LoginPage
      params={target.params}
      csrf={issueCsrf(c)}
      error={error}
      username={username}
      providers={externalProviders(target.client)}
      passkeys
    />,
    400,
  )
}

/** What a failed registration tells the person making the passkey. */
function registrationMessage(error: unknown): string | undefined {
  if (
    error instanceof WebAuthnChallengeNotFoundException ||
    error instanceof WebAuthnClientMismatchException ||
    error instanceof WebAuthnOriginNotAllowedException ||
    error instanceof WebAuthnRelyingPartyMismatchException ||
    error instanceof WebAuthnCredentialNotSupportedException ||
    error instanceof InvalidParameterException ||
    error instanceof LimitExceededException
  )
    return `The passkey was not added: ${error.message}`
  return undefined
}

/**
 * The hosted UI's passkeys: signing in with one (a name, then navigator.credentials.get), and
 * adding one after a sign-in (navigator.credentials.create, or "Not now"). The ceremonies run in
 * the served script; these routes are the same domain calls as USER_AUTH's WEB_AUTHN and
 * CompleteWebAuthnRegistration.
 */
export function passkeyRoutes(): Hono<{ Variables: { runtime: Runtime } }> {
  const routes = new Hono<{ Variables: { runtime: Runtime } }>()
  routes.onError(browserErrors)

  routes.post('/login/passkey', async (c) => {
    const { target, fields } = await passkeyForm(c)
    const { services } = c.get('runtime')
    const username = fields.username ?? ''
    await limitClientIp(c)
    const loaded = username ? await findUser(services, target.pool, username) : null
    if (!loaded || (await countCredentials(services, target.pool, loaded.user)) === 0)
      return loginAgain(c, target, NO_PASSKEY, username)
    const { options, session } = await passkeyChallenge(
      services,
      target.pool,
      target.client,
      loaded,
      new URL(target.issuer).origin,
    )
    return page(
      c,
      target,
      <PasskeySignInPage
        params={target.params}
        csrf={issueCsrf(c)}
        options={JSON.stringify(options)}
        session={session}
      />,
      200,
      { script: true },
    )
  })

  routes.post('/login/passkey/verify', async (c) => {
    const { target, fields } = await passkeyForm(c)
    const { services } = c.get('runtime')
    try {
      await limitClientIp(c)
      const { user, satisfiesMfa } = await confirmPasskeySignIn(
        services,
        target.pool,
        target.client,
        fields.session,
        fields.credential,
      )
      assertSignableWithoutPassword(user)
      return await afterFirstFactorPage(c, target, user, { satisfiesMfa })
    } catch (error) {
      if (error instanceof NotAuthorizedException && error.message.startsWith('Incorrect passkey'))
        return loginAgain(c, target, PASSKEY_FAILED)
      const message = signInMessage(error)
      if (!message) throw error
      return loginAgain(c, target, message)
    }
  })

  routes.post('/login/passkey/setup', async (c) => {
    const { target, fields } = await passkeyForm(c)
    const { services } = c.get('runtime')
    const ticket = await openSetupTicket(services, target.client, fields.ticket ?? '')
    const loaded = await getUserByUsername(services, target.pool, ticket.username)
    if (!loaded || loaded.user.sub !== ticket.sub)
      throw new NotAuthorizedException('Invalid session for the user, session is expired.')
    if (!fields.skip) {
      try {
        const credential = parseCredentialString(fields.credential, 'registration response')
        await completeRegistration(
          services,
          { pool: target.pool, client: target.client, user: loaded.user },
          credential,
        )
      } catch (error) {
        const message = registrationMessage(error)
        if (!message) throw error
        const again = await passkeySetupOffer(c, target, loaded.user, {
          ticket: fields.ticket ?? '',
          error: message,
        })
        if (again) return again
        throw error
      }
    }
    await claimSetupTicket(services, target.pool, ticket)
    return finishSignIn(c, target, loaded.user, { offerPasskey: false, eventId: ticket.eventId })
  })
  return routes
}
