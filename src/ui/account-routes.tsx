import { Hono } from 'hono'
import type { Runtime } from '../config'
import { cognitoSecretHash } from '../crypto/hash'
import {
  InvalidLambdaResponseException,
  CodeMismatchException,
  ExpiredCodeException,
  LimitExceededException,
  UnexpectedLambdaException,
  UserLambdaValidationException,
  UsernameExistsException,
  UserNotFoundException,
} from '../errors/cognito'
import { readForm, readParams } from '../http/request-params'
import { browserErrors } from '../http/error-handlers'
import type { Child } from 'hono/jsx'
import type { UserPoolClientConfig, UserPoolConfig } from '../userpool/model'
import type { AuthorizationRequest } from '../userpool/oauth/authorization-request'
import { confirmForgotPassword } from '../userpool/signup/confirm-forgot-password'
import { confirmSignUp } from '../userpool/signup/confirm-sign-up'
import { forgotPassword } from '../userpool/signup/forgot-password'
import { resendConfirmationCode } from '../userpool/signup/resend-code'
import { signUp } from '../userpool/signup/sign-up'
import { issueCsrf, requireCsrf } from './csrf'
import { limitClientIp, signInMessage } from './login-routes'
import { authorizationFor, page, requireLocalSignIn, type AppContext } from './page-support'
import {
  ConfirmPage,
  ForgotPasswordPage,
  ResetPasswordPage,
  SignUpPage,
} from './pages/account-pages'
import { LoginPage } from './pages/login-page'

/** The hosted UI is the client itself, so it computes SECRET_HASH for clients that have a secret. */
const secretHash = async (client: UserPoolClientConfig, username: string) =>
  client.ClientSecret
    ? cognitoSecretHash(client.ClientSecret, username, client.ClientId)
    : undefined

function accountMessage(error: unknown): string | undefined {
  if (error instanceof UsernameExistsException)
    return 'An account with this username already exists.'
  if (
    error instanceof CodeMismatchException ||
    error instanceof ExpiredCodeException ||
    error instanceof LimitExceededException
  )
    return error.message
  if (error instanceof UserNotFoundException) return 'Incorrect username or code.'
  // A trigger's refusal is the function's own words, meant for the user (Cognito shows them too).
  if (
    error instanceof UserLambdaValidationException ||
    error instanceof InvalidLambdaResponseException
  )
    return error.message
  if (error instanceof UnexpectedLambdaException)
    return 'This could not be completed right now. Try again later.'
  return signInMessage(error)
}

function signUpFields(pool: UserPoolConfig): Array<{ name: string; label: string; type: string }> {
  const byUsername = new Set(pool.UsernameAttributes ?? [])
  return pool.SchemaAttributes.filter(
    (a) => a.Required && a.Name !== 'sub' && !byUsername.has(a.Name as 'email'),
  ).map((a) => ({
    name: a.Name,
    label: a.Name.replace(/^custom:/, '').replace(/_/g, ' '),
    type: a.Name === 'email' ? 'email' : a.Name === 'phone_number' ? 'tel' : 'text',
  }))
}

const usernameLabel = (pool: UserPoolConfig) =>
  (pool.UsernameAttributes ?? []).includes('email') ? 'Email' : 'Username'

/** A hosted-UI form post, its CSRF token checked and taken out. */
async function postForm(c: AppContext): Promise<Record<string, string | undefined>> {
  const { _csrf, ...form } = await readForm(c.req.raw)
  requireCsrf(c, _csrf)
  return form
}

const split = (form: Record<string, string | undefined>, names: string[]) => {
  const picked: Record<string, string> = {}
  const params: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(form)) {
    if (names.includes(name) || name.startsWith('attr.')) picked[name] = value ?? ''
    else params[name] = value
  }
  return { picked, params }
}

interface Step {
  c: AppContext
  picked: Record<string, string>
  params: Record<string, string | undefined>
  pool: UserPoolConfig
  client: UserPoolClientConfig
  request: AuthorizationRequest
  username: string
  csrf: string
  /** SECRET_HASH for this username when the client has a secret. */
  hash: { SecretHash?: string }
  render(body: Child, status?: 200 | 400): Promise<Response>
}

/**
 * One hosted-UI form post: CSRF check, the carried authorization request validated, then `run`;
 * an error a person can act on re-renders the form (`retry`) with its message, others propagate.
 */
function formStep(
  fields: string[],
  run: (step: Step) => Promise<Response>,
  retry: (step: Step, message: string) => Child,
) {
  return async (c: AppContext) => {
    const { picked, params } = split(await postForm(c), fields)
    const { pool, client, request } = await authorizationFor(c, params)
    requireLocalSignIn(client)
    const username = picked.username ?? ''
    const hash = await secretHash(client, username)
    const step: Step = {
      c,
      picked,
      params,
      pool,
      client,
      request,
      username,
      csrf: issueCsrf(c),
      hash: hash ? { SecretHash: hash } : {},
      render: (body, status = 200) => page(c, { pool, request }, body, status),
    }
    try {
      await limitClientIp(c)
      return await run(step)
    } catch (error) {
      const message = accountMessage(error)
      if (!message) throw error
      return step.render(retry(step, message), 400)
    }
  }
}

/** Hosted sign-up, confirmation and password reset, on the same domain functions as the JSON API. */
export function accountRoutes(): Hono<{ Variables: { runtime: Runtime } }> {
  const routes = new Hono<{ Variables: { runtime: Runtime } }>()
  routes.onError(browserErrors)

  routes.get('/signup', async (c) => {
    const params = readParams(new URL(c.req.url).searchParams)
    const { pool, client, request } = await authorizationFor(c, params)
    requireLocalSignIn(client)
    return page(
      c,
      { pool, request },
      <SignUpPage
        params={params}
        csrf={issueCsrf(c)}
        usernameLabel={usernameLabel(pool)}
        fields={signUpFields(pool)}
      />,
    )
  })

  routes.post(
    '/signup',
    formStep(
      ['username', 'password'],
      async (step) => {
        const attributes = Object.entries(step.picked)
          .filter(([name]) => name.startsWith('attr.'))
          .map(([name, value]) => ({ Name: name.slice(5), Value: value }))
        const result = await signUp(step.c.get('runtime').services, step, {
          Username: step.username,
          Password: step.picked.password ?? '',
          UserAttributes: attributes,
          ...step.hash,
        })
        const destination = result.CodeDeliveryDetails?.Destination
        return step.render(
          <ConfirmPage
            params={step.params}
            csrf={step.csrf}
            username={step.username}
            {...(destination ? { destination } : {})}
          />,
        )
      },
      (step, message) => (
        <SignUpPage
          params={step.params}
          csrf={step.csrf}
          usernameLabel={usernameLabel(step.pool)}
          fields={signUpFields(step.pool)}
          error={message}
        />
      ),
    ),
  )

  routes.post(
    '/confirm',
    formStep(
      ['username', 'code'],
      async (step) => {
        await confirmSignUp(step.c.get('runtime').services, step, {
          Username: step.username,
          ConfirmationCode: step.picked.code ?? '',
          ...step.hash,
        })
        return step.render(
          <LoginPage
            params={step.params}
            csrf={step.csrf}
            notice="Your account is confirmed. Sign in to continue."
            username={step.username}
          />,
        )
      },
      (step, message) => (
        <ConfirmPage
          params={step.params}
          csrf={step.csrf}
          username={step.username}
          error={message}
        />
      ),
    ),
  )

  routes.post(
    '/confirm/resend',
    formStep(
      ['username'],
      async (step) => {
        const details = await resendConfirmationCode(step.c.get('runtime').services, step, {
          Username: step.username,
          ...step.hash,
        })
        return step.render(
          <ConfirmPage
            params={step.params}
            csrf={step.csrf}
            username={step.username}
            notice={`We sent a new code to ${details.Destination}.`}
          />,
        )
      },
      (step, message) => (
        <ConfirmPage
          params={step.params}
          csrf={step.csrf}
          username={step.username}
          error={message}
        />
      ),
    ),
  )

  routes.get('/forgotPassword', async (c) => {
    const params = readParams(new URL(c.req.url).searchParams)
    const { pool, client, request } = await authorizationFor(c, params)
    requireLocalSignIn(client)
    return page(c, { pool, request }, <ForgotPasswordPage params={params} csrf={issueCsrf(c)} />)
  })

  routes.post(
    '/forgotPassword',
    formStep(
      ['username'],
      async (step) => {
        try {
          const details = await forgotPassword(step.c.get('runtime').services, step, {
            Username: step.username,
            ...step.hash,
          })
          return step.render(
            <ResetPasswordPage
              params={step.params}
              csrf={step.csrf}
              username={step.username}
              destination={details.Destination}
            />,
          )
        } catch (error) {
          // The page never says whether the account exists.
          if (!(error instanceof UserNotFoundException)) throw error
          return step.render(
            <ResetPasswordPage
              params={step.params}
              csrf={step.csrf}
              username={step.username}
              notice="If the account exists, we sent it a reset code."
            />,
          )
        }
      },
      (step, message) => (
        <ForgotPasswordPage params={step.params} csrf={step.csrf} error={message} />
      ),
    ),
  )

  routes.post(
    '/confirmForgotPassword',
    formStep(
      ['username', 'code', 'password'],
      async (step) => {
        await confirmForgotPassword(step.c.get('runtime').services, step, {
          Username: step.username,
          ConfirmationCode: step.picked.code ?? '',
          Password: step.picked.password ?? '',
          ...step.hash,
        })
        return step.render(
          <LoginPage
            params={step.params}
            csrf={step.csrf}
            notice="Your password is reset. Sign in with the new one."
            username={step.username}
          />,
        )
      },
      (step, message) => (
        <ResetPasswordPage
          params={step.params}
          csrf={step.csrf}
          username={step.username}
          error={message}
        />
      ),
    ),
  )
  return routes
}
