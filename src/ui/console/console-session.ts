import { constantTimeEqual, toBase64Url, utf8 } from '../../crypto/encoding'
import { sha256 } from '../../crypto/hash'
import { randomToken } from '../../crypto/random'
import { NotAuthorizedException } from '../../errors/cognito'
import { ConsoleAccessDenied, ConsoleNotConfigured, FormExpired } from '../../errors/hosted-ui'
import { clearCookie, COOKIES, readCookies, setCookie } from '../../http/cookies'
import type { Operator } from '../../userpool/console/audit-log'
import {
  findConsolePool,
  requireOperator,
  type ConsolePool,
} from '../../userpool/console/console-pool'
import {
  authenticateOAuthClient,
  exchangeAuthorizationCode,
} from '../../userpool/oauth/token-grants'
import { verifyAccessToken } from '../../userpool/tokens/verify-access-token'
import type { HonoRequest } from 'hono'
import type { Runtime } from '../../config'

/** What the session functions read of a request's context (the console's routes and the landing page's). */
export interface SessionContext {
  get(key: 'runtime'): Runtime
  req: HonoRequest
}

/** Sealing purposes: a flow cookie never opens as a session, nor the other way round. */
const FLOW_PURPOSE = 'console-flow'
const SESSION_PURPOSE = 'console-session'
/** How long a sign-in round trip may take. */
const FLOW_SECONDS = 600
/** The scopes the console asks for: the access token must carry Cognito's self-service scope. */
const SCOPES = 'openid email profile aws.cognito.signin.user.admin'

interface Flow {
  state: string
  verifier: string
  clientId: string
  expiresAt: number
}

interface Session {
  accessToken: string
}

/** Where the console's tokens come from: this Worker's own issuer origin, as the hosted UI's. */
export const consoleOrigin = (c: SessionContext): string =>
  c.get('runtime').publicOrigin ?? new URL(c.req.url).origin

export const callbackUrl = (c: SessionContext): string => `${consoleOrigin(c)}/console/callback`

async function consolePool(c: SessionContext): Promise<ConsolePool> {
  const found = await findConsolePool(c.get('runtime').services)
  if (!found) throw new ConsoleNotConfigured()
  return found
}

/**
 * Starts an operator's sign-in: a sealed flow cookie (state, PKCE verifier) and a 303 to the
 * hosted UI's authorize endpoint, as any OAuth client of the pool would go there.
 */
export async function startSignIn(c: SessionContext): Promise<Response> {
  const { client } = await consolePool(c)
  const services = c.get('runtime').services
  const flow: Flow = {
    state: randomToken(24),
    verifier: randomToken(32),
    clientId: client.ClientId,
    expiresAt: services.now() + FLOW_SECONDS * 1000,
  }
  const challenge = toBase64Url(await sha256(flow.verifier))
  const query = new URLSearchParams({
    client_id: client.ClientId,
    response_type: 'code',
    redirect_uri: callbackUrl(c),
    scope: SCOPES,
    state: flow.state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  })
  const sealed = await services.sealer.seal(FLOW_PURPOSE, flow)
  return new Response(null, {
    status: 303,
    headers: {
      location: `/oauth2/authorize?${query}`,
      'set-cookie': setCookie(COOKIES.consoleFlow, sealed, FLOW_SECONDS),
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    },
  })
}

/**
 * The authorization response: state checked against the flow cookie, the code exchanged in-process
 * through the token endpoint's own grant (PKCE, redirect URI, single use), and the operator checked
 * before any session is made. A 303 to the console with the session cookie.
 */
export async function finishSignIn(c: SessionContext): Promise<Response> {
  const services = c.get('runtime').services
  const sealed = readCookies(c.req.raw)[COOKIES.consoleFlow]
  const flow = sealed ? await services.sealer.open<Flow>(FLOW_PURPOSE, sealed) : null
  const state = c.req.query('state')
  if (
    !flow ||
    flow.expiresAt < services.now() ||
    !state ||
    !constantTimeEqual(utf8(state), utf8(flow.state))
  )
    throw new FormExpired('The console sign-in expired or was not started here. Sign in again.')
  if (c.req.query('error')) throw new ConsoleAccessDenied('The sign-in was not completed.')
  const designated = await consolePool(c)
  if (designated.client.ClientId !== flow.clientId) throw new ConsoleAccessDenied()
  const resolved = await authenticateOAuthClient(services, flow.clientId, undefined)
  const tokens = await exchangeAuthorizationCode(
    services,
    resolved,
    { code: c.req.query('code'), redirectUri: callbackUrl(c), codeVerifier: flow.verifier },
    `${consoleOrigin(c)}/${resolved.pool.Id}`,
  )
  // Refused before any session exists: a non-operator leaves with nothing.
  const verified = await verifyAccessToken(services, tokens.access_token, consoleOrigin(c))
  requireOperator(designated, verified.loaded.user)
  const session: Session = { accessToken: tokens.access_token }
  const headers = new Headers({
    location: '/console',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
  })
  headers.append('set-cookie', clearCookie(COOKIES.consoleFlow))
  headers.append(
    'set-cookie',
    setCookie(COOKIES.console, await services.sealer.seal(SESSION_PURPOSE, session)),
  )
  return new Response(null, { status: 303, headers })
}

/**
 * The operator of this request, or null when there is no live console session. Checked on every
 * request: the access token's signature, expiry and revocation (global sign-out, a disabled user),
 * the pool still the console's, and membership of the operators' group now.
 */
export async function currentOperator(
  c: SessionContext,
): Promise<{ operator: Operator; designated: ConsolePool } | null> {
  const services = c.get('runtime').services
  const sealed = readCookies(c.req.raw)[COOKIES.console]
  const session = sealed ? await services.sealer.open<Session>(SESSION_PURPOSE, sealed) : null
  if (!session) return null
  let verified: Awaited<ReturnType<typeof verifyAccessToken>>
  try {
    verified = await verifyAccessToken(services, session.accessToken, consoleOrigin(c))
  } catch (error) {
    if (error instanceof NotAuthorizedException) return null
    throw error
  }
  const designated = await consolePool(c)
  if (
    verified.pool.Id !== designated.pool.Id ||
    verified.client.ClientId !== designated.client.ClientId
  )
    return null
  return { operator: requireOperator(designated, verified.loaded.user), designated }
}

/** Ends the console session here and at the hosted UI (its sign-in session), back to the landing page. */
export async function signOut(c: SessionContext): Promise<Response> {
  const headers = new Headers({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' })
  headers.append('set-cookie', clearCookie(COOKIES.console))
  const found = await findConsolePool(c.get('runtime').services)
  const location = found
    ? `/logout?${new URLSearchParams({ client_id: found.client.ClientId, logout_uri: `${consoleOrigin(c)}/` })}`
    : '/'
  headers.set('location', location)
  return new Response(null, { status: 303, headers })
}
