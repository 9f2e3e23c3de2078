import { Hono } from 'hono'
import type { Runtime } from '../config'
import { cognitoSecretHash } from '../crypto/hash'
import { CodeMismatchException, ExpiredCodeException, LimitExceededException, UsernameExistsException, UserNotFoundException } from '../errors/cognito'
import { PortcullisError } from '../errors/base'
import { readForm, readParams } from '../http/request-params'
import type { UserPoolClientConfig, UserPoolConfig } from '../userpool/model'
import { confirmForgotPassword } from '../userpool/sign-up/confirm-forgot-password'
import { confirmSignUp } from '../userpool/sign-up/confirm-sign-up'
import { forgotPassword } from '../userpool/sign-up/forgot-password'
import { resendConfirmationCode } from '../userpool/sign-up/resend-code'
import { signUp } from '../userpool/sign-up/sign-up'
import { csrfValid, issueCsrf } from './csrf'
import { signInMessage } from './login-routes'
import { authorizationFor, guarded, htmlError, page, type AppContext } from './page-support'
import { ConfirmPage, ForgotPasswordPage, ResetPasswordPage, SignUpPage } from './pages/account-pages'
import { LoginPage } from './pages/login-page'

/** The hosted UI is the client itself, so it computes SECRET_HASH for clients that have a secret. */
const secretHash = async (client: UserPoolClientConfig, username: string) => (client.ClientSecret ? cognitoSecretHash(client.ClientSecret, username, client.ClientId) : undefined)

function accountMessage(error: unknown): string | undefined {
  if (error instanceof UsernameExistsException) return 'An account with this username already exists.'
  if (error instanceof CodeMismatchException || error instanceof ExpiredCodeException || error instanceof LimitExceededException) return error.message
  if (error instanceof UserNotFoundException) return 'Incorrect username or code.'
  return signInMessage(error)
}

function signUpFields(pool: UserPoolConfig): Array<{ name: string; label: string; type: string }> {
  const byUsername = new Set(pool.UsernameAttributes ?? [])
  return pool.SchemaAttributes.filter((a) => a.Required && a.Name !== 'sub' && !byUsername.has(a.Name as 'email'))
    .map((a) => ({ name: a.Name, label: a.Name.replace(/^custom:/, '').replace(/_/g, ' '), type: a.Name === 'email' ? 'email' : a.Name === 'phone_number' ? 'tel' : 'text' }))
}

const usernameLabel = (pool: UserPoolConfig) => ((pool.UsernameAttributes ?? []).includes('email') ? 'Email' : 'Username')
const forbidden = () => htmlError(new PortcullisError('The form expired or was not sent from this site. Go back and try again.', { status: 403 }))

async function postForm(c: AppContext) {
  const form = await readForm(c.req.raw)
  const { _csrf, ...rest } = form
  return { valid: csrfValid(c, _csrf), form: rest }
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

/** Hosted sign-up, confirmation and password reset, on the same domain functions as the JSON API. */
export function accountRoutes(): Hono<{ Variables: { runtime: Runtime } }> {
  const routes = new Hono<{ Variables: { runtime: Runtime } }>()

  routes.get('/signup', (c) => guarded(async () => {
    const params = readParams(new URL(c.req.url).searchParams)
    const { pool, request } = await authorizationFor(c, params)
    return page(c, { pool, request }, <SignUpPage params={params} csrf={issueCsrf(c)} usernameLabel={usernameLabel(pool)} fields={signUpFields(pool)} />)
  }))

  routes.post('/signup', (c) => guarded(async () => {
    const { valid, form } = await postForm(c)
    if (!valid) return forbidden()
    const { picked, params } = split(form, ['username', 'password'])
    const { pool, client, request } = await authorizationFor(c, params)
    const username = picked.username ?? ''
    try {
      const attributes = Object.entries(picked).filter(([name]) => name.startsWith('attr.')).map(([name, value]) => ({ Name: name.slice(5), Value: value }))
      const hash = await secretHash(client, username)
      const result = await signUp(c.get('runtime').services, { pool, client }, { Username: username, Password: picked.password ?? '', UserAttributes: attributes, ...(hash ? { SecretHash: hash } : {}) })
      const destination = result.CodeDeliveryDetails?.Destination
      return page(c, { pool, request }, <ConfirmPage params={params} csrf={issueCsrf(c)} username={username} {...(destination ? { destination } : {})} />)
    } catch (error) {
      const message = accountMessage(error)
      if (!message) throw error
      return page(c, { pool, request }, <SignUpPage params={params} csrf={issueCsrf(c)} usernameLabel={usernameLabel(pool)} fields={signUpFields(pool)} error={message} />, 400)
    }
  }))

  routes.post('/confirm', (c) => guarded(async () => {
    const { valid, form } = await postForm(c)
    if (!valid) return forbidden()
    const { picked, params } = split(form, ['username', 'code'])
    const { pool, client, request } = await authorizationFor(c, params)
    const username = picked.username ?? ''
    try {
      const hash = await secretHash(client, username)
      await confirmSignUp(c.get('runtime').services, { pool, client }, { Username: username, ConfirmationCode: picked.code ?? '', ...(hash ? { SecretHash: hash } : {}) })
      return page(c, { pool, request }, <LoginPage params={params} csrf={issueCsrf(c)} notice="Your account is confirmed. Sign in to continue." username={username} />)
    } catch (error) {
      const message = accountMessage(error)
      if (!message) throw error
      return page(c, { pool, request }, <ConfirmPage params={params} csrf={issueCsrf(c)} username={username} error={message} />, 400)
    }
  }))

  routes.post('/confirm/resend', (c) => guarded(async () => {
    const { valid, form } = await postForm(c)
    if (!valid) return forbidden()
    const { picked, params } = split(form, ['username'])
    const { pool, client, request } = await authorizationFor(c, params)
    const username = picked.username ?? ''
    try {
      const hash = await secretHash(client, username)
      const details = await resendConfirmationCode(c.get('runtime').services, { pool, client }, { Username: username, ...(hash ? { SecretHash: hash } : {}) })
      return page(c, { pool, request }, <ConfirmPage params={params} csrf={issueCsrf(c)} username={username} notice={`We sent a new code to ${details.Destination}.`} />)
    } catch (error) {
      const message = accountMessage(error)
      if (!message) throw error
      return page(c, { pool, request }, <ConfirmPage params={params} csrf={issueCsrf(c)} username={username} error={message} />, 400)
    }
  }))

  routes.get('/forgotPassword', (c) => guarded(async () => {
    const params = readParams(new URL(c.req.url).searchParams)
    const { pool, request } = await authorizationFor(c, params)
    return page(c, { pool, request }, <ForgotPasswordPage params={params} csrf={issueCsrf(c)} />)
  }))

  routes.post('/forgotPassword', (c) => guarded(async () => {
    const { valid, form } = await postForm(c)
    if (!valid) return forbidden()
    const { picked, params } = split(form, ['username'])
    const { pool, client, request } = await authorizationFor(c, params)
    const username = picked.username ?? ''
    try {
      const hash = await secretHash(client, username)
      const details = await forgotPassword(c.get('runtime').services, { pool, client }, { Username: username, ...(hash ? { SecretHash: hash } : {}) })
      return page(c, { pool, request }, <ResetPasswordPage params={params} csrf={issueCsrf(c)} username={username} destination={details.Destination} />)
    } catch (error) {
      // The page never says whether the account exists.
      if (error instanceof UserNotFoundException) return page(c, { pool, request }, <ResetPasswordPage params={params} csrf={issueCsrf(c)} username={username} notice="If the account exists, we sent it a reset code." />)
      const message = accountMessage(error)
      if (!message) throw error
      return page(c, { pool, request }, <ForgotPasswordPage params={params} csrf={issueCsrf(c)} error={message} />, 400)
    }
  }))

  routes.post('/confirmForgotPassword', (c) => guarded(async () => {
    const { valid, form } = await postForm(c)
    if (!valid) return forbidden()
    const { picked, params } = split(form, ['username', 'code', 'password'])
    const { pool, client, request } = await authorizationFor(c, params)
    const username = picked.username ?? ''
    try {
      const hash = await secretHash(client, username)
      await confirmForgotPassword(c.get('runtime').services, { pool, client }, { Username: username, ConfirmationCode: picked.code ?? '', Password: picked.password ?? '', ...(hash ? { SecretHash: hash } : {}) })
      return page(c, { pool, request }, <LoginPage params={params} csrf={issueCsrf(c)} notice="Your password is reset. Sign in with the new one." username={username} />)
    } catch (error) {
      const message = accountMessage(error)
      if (!message) throw error
      return page(c, { pool, request }, <ResetPasswordPage params={params} csrf={issueCsrf(c)} username={username} error={message} />, 400)
    }
  }))
  return routes
}

