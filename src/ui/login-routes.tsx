import { Hono } from 'hono'
import type { Runtime } from '../config'
import {
  NotAuthorizedException,
  PasswordResetRequiredException,
  UserNotConfirmedException,
  UserNotFoundException,
  InvalidPasswordException,
  InvalidParameterException,
  TooManyRequestsException,
  UserLambdaValidationException,
} from '../errors/cognito'
import { browserErrors } from '../http/error-handlers'
import { readForm, readParams } from '../http/request-params'
import { completeNewPassword } from '../userpool/auth/new-password-required'
import { checkPassword } from '../userpool/auth/user-password'
import { refuseBlockedAddress } from '../userpool/risk/assess-sign-in'
import { requestSignals } from '../http/request-signals'
import { externalProviders, offersLocalSignIn } from '../userpool/clients/clients'
import { allowedFirstFactors } from '../userpool/passkeys/relying-party'
import { issueCsrf, requireCsrf } from './csrf'
import { authorizationFor, page, requireLocalSignIn, type AppContext } from './page-support'
import { LoginPage } from './pages/login-page'
import { NewPasswordPage } from './pages/new-password-page'
import { afterFirstFactorPage } from './sign-in-finish'

/** Messages a person sees; unknown user and wrong password read the same (no enumeration). */
export function signInMessage(error: unknown): string | undefined {
  if (
    error instanceof UserNotFoundException ||
    (error instanceof NotAuthorizedException && error.message === 'Incorrect username or password.')
  )
    return 'Incorrect username or password.'
  if (error instanceof NotAuthorizedException)
    return error.message === 'Password attempts exceeded'
      ? 'Too many failed attempts. Try again later.'
      : error.message
  if (error instanceof UserNotConfirmedException)
    return 'Your account is not confirmed yet. Enter the code we sent you.'
  if (error instanceof PasswordResetRequiredException)
    return 'You must reset your password before signing in.'
  if (
    error instanceof InvalidPasswordException ||
    error instanceof InvalidParameterException ||
    error instanceof TooManyRequestsException ||
    // A pre or post authentication function's refusal, in its own words.
    error instanceof UserLambdaValidationException
  )
    return error.message
  return undefined
}

/** Counts a form that tries a secret against the client address's allowance (before any hashing). */
export async function limitClientIp(c: AppContext): Promise<void> {
  await c.get('runtime').services.limits.check('ip', c.req.header('cf-connecting-ip') ?? 'unknown')
}

/** The hosted sign-in pages: /login and /login/new-password. */
export function loginRoutes(): Hono<{ Variables: { runtime: Runtime } }> {
  const routes = new Hono<{ Variables: { runtime: Runtime } }>()
  routes.onError(browserErrors)

  routes.get('/login', async (c) => {
    const params = readParams(new URL(c.req.url).searchParams)
    const { pool, client, request } = await authorizationFor(c, params)
    return page(
      c,
      { pool, request },
      <LoginPage
        params={params}
        csrf={issueCsrf(c)}
        providers={externalProviders(client)}
        local={offersLocalSignIn(client)}
        passkeys={allowedFirstFactors(pool).includes('WEB_AUTHN')}
      />,
    )
  })

  routes.post('/login', async (c) => {
    const form = await readForm(c.req.raw)
    const { _csrf, username = '', password = '', ...params } = form
    requireCsrf(c, _csrf)
    const { pool, client, request, issuer } = await authorizationFor(c, params)
    requireLocalSignIn(client)
    try {
      await limitClientIp(c)
      const signals = requestSignals(c.req.raw)
      await refuseBlockedAddress(c.get('runtime').services, pool, client, signals)
      const check = await checkPassword(
        c.get('runtime').services,
        pool,
        client,
        username,
        password,
        { caller: { clientId: client.ClientId }, signals },
      )
      if (check.kind === 'authenticated')
        return await afterFirstFactorPage(
          c,
          { pool, client, request, params, issuer: issuer(pool.Id) },
          check.user,
          { compromisedCredentials: check.compromisedCredentials === true },
        )
      const required = (JSON.parse(check.parameters.requiredAttributes ?? '[]') as string[]).map(
        (name) => name.replace(/^userAttributes\./, ''),
      )
      return page(
        c,
        { pool, request },
        <NewPasswordPage
          params={params}
          csrf={issueCsrf(c)}
          session={check.session}
          required={required}
        />,
      )
    } catch (error) {
      const message = signInMessage(error)
      if (!message) throw error
      return page(
        c,
        { pool, request },
        <LoginPage
          params={params}
          csrf={issueCsrf(c)}
          error={message}
          username={username}
          providers={externalProviders(client)}
        />,
        400,
      )
    }
  })

  routes.post('/login/new-password', async (c) => {
    const form = await readForm(c.req.raw)
    const { _csrf, session = '', new_password: newPassword = '', ...rest } = form
    requireCsrf(c, _csrf)
    const attributes = Object.fromEntries(
      Object.entries(rest).filter(([name]) => name.startsWith('userAttributes.')),
    )
    const params = Object.fromEntries(
      Object.entries(rest).filter(([name]) => !name.startsWith('userAttributes.')),
    )
    const { pool, client, request, issuer } = await authorizationFor(c, params)
    try {
      await limitClientIp(c)
      const user = await completeNewPassword(
        c.get('runtime').services,
        pool,
        client,
        { ...attributes, NEW_PASSWORD: newPassword, USERNAME: '' } as Record<string, string>,
        session,
      )
      return await afterFirstFactorPage(
        c,
        { pool, client, request, params, issuer: issuer(pool.Id) },
        user,
      )
    } catch (error) {
      const message = signInMessage(error)
      if (!message) throw error
      // Ask again for the required attributes the form carried, not whatever names were posted.
      const required = Object.keys(attributes)
        .map((name) => name.replace(/^userAttributes\./, ''))
        .filter((name) => pool.SchemaAttributes.some((a) => a.Required && a.Name === name))
      return page(
        c,
        { pool, request },
        <NewPasswordPage
          params={params}
          csrf={issueCsrf(c)}
          session={session}
          required={required}
          error={message}
        />,
        400,
      )
    }
  })
  return routes
}
