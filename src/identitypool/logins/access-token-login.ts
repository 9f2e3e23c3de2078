import { ExternalServiceException, NotAuthorizedException } from '../../errors/cognito'
import { providerFetch } from './provider-fetch'

/** What asking a provider's API about an access token gave: its JSON, or why there is none. */
type ApiAnswer =
  | { kind: 'ok'; body: Record<string, unknown> }
  /** The provider refused the token (a 4xx): it is not a valid token. */
  | { kind: 'refused' }

const invalid = (why: string) => new NotAuthorizedException(`Invalid login token. ${why}`)

/**
 * GETs `url` from a login provider. A 2xx with a JSON object is its answer and a 4xx a refusal of
 * the token; no answer in time, a redirect, a 5xx or a body that is not JSON is
 * ExternalServiceException. Nothing is cached: each login is asked about afresh.
 */
async function askProvider(name: string, url: string): Promise<ApiAnswer> {
  const unavailable = (detail: string) =>
    new ExternalServiceException(`${name} could not be reached to check the login token.`, {
      detail,
    })
  let response: Response
  try {
    response = await providerFetch(url, { headers: { accept: 'application/json' } })
  } catch (error) {
    throw unavailable(error instanceof Error ? error.message : 'fetch failed')
  }
  if (response.status >= 400 && response.status < 500) {
    await response.body?.cancel()
    return { kind: 'refused' }
  }
  if (!response.ok) {
    await response.body?.cancel()
    throw unavailable(`HTTP ${response.status}`)
  }
  const body: unknown = await response.json().catch(() => null)
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw unavailable('the answer is not a JSON object')
  return { kind: 'ok', body: body as Record<string, unknown> }
}

/**
 * A Facebook access token, checked with the Graph API: `/me?fields=id` says whose it is and
 * `/app` which app it was issued to, both asked with the token itself (so both answers are
 * Facebook's, and no app secret is needed). The app must be the one the pool names.
 */
export async function verifyFacebookLogin(
  graphUrl: string,
  appId: string,
  token: string,
): Promise<string> {
  const query = `access_token=${encodeURIComponent(token)}`
  const [me, app] = await Promise.all([
    askProvider('graph.facebook.com', `${graphUrl}/me?fields=id&${query}`),
    askProvider('graph.facebook.com', `${graphUrl}/app?${query}`),
  ])
  if (me.kind === 'refused' || app.kind === 'refused')
    throw invalid('Facebook did not accept the access token.')
  if (app.body.id !== appId) throw invalid('Incorrect token audience.')
  const id = me.body.id
  if (typeof id !== 'string' || id === '') throw invalid('Token has no subject.')
  return id
}

/**
 * A Login with Amazon access token, checked at `/auth/o2/tokeninfo`: Amazon says which client
 * (`aud`) it was issued to, which must be the one the pool names, and whose it is (`user_id`).
 */
export async function verifyAmazonLogin(
  apiUrl: string,
  clientId: string,
  token: string,
): Promise<string> {
  const info = await askProvider(
    'www.amazon.com',
    `${apiUrl}/auth/o2/tokeninfo?access_token=${encodeURIComponent(token)}`,
  )
  if (info.kind === 'refused') throw invalid('Amazon did not accept the access token.')
  if (info.body.aud !== clientId) throw invalid('Incorrect token audience.')
  const userId = info.body.user_id
  if (typeof userId !== 'string' || userId === '') throw invalid('Token has no subject.')
  return userId
}
