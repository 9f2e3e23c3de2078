import { describe, expect, it } from 'vitest'
import { CookieJar, hostedLoginUrl, postLoginForm } from '../../support/cookie-jar'
import { AUTH, testApp, type TestApp } from '../support/app'
import { authenticator } from '../support/authenticator'
import { addUser, claimsOf, json } from './support'

const PASSWORD = 'Hosted-Token-Pass-42'
const REDIRECT = 'https://rp.example/cb'
// RFC 7636's example verifier and its S256 challenge.
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'

interface Tokens {
  id_token: string
  access_token: string
  refresh_token?: string
}

/** A threat-protected pool (ENFORCED, every level's action as given) with a code client and one user. */
async function protectedHostedPool(app: TestApp, lowAction: 'NO_ACTION' | 'MFA_IF_CONFIGURED') {
  const poolId = (
    (await app.admin('CreateUserPool', {
      PoolName: 'hosted-token-events',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    })) as { UserPool: { Id: string } }
  ).UserPool.Id
  await app.admin('SetUserPoolMfaConfig', {
    UserPoolId: poolId,
    MfaConfiguration: 'OPTIONAL',
    SoftwareTokenMfaConfiguration: { Enabled: true },
  })
  const clientId = (
    (await app.admin('CreateUserPoolClient', {
      UserPoolId: poolId,
      ClientName: 'rp',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'aws.cognito.signin.user.admin'],
      CallbackURLs: [REDIRECT],
      SupportedIdentityProviders: ['COGNITO'],
    })) as { UserPoolClient: { ClientId: string } }
  ).UserPoolClient.ClientId
  await app.admin('SetRiskConfiguration', {
    UserPoolId: poolId,
    AccountTakeoverRiskConfiguration: {
      Actions: {
        LowAction: { Notify: false, EventAction: lowAction },
        MediumAction: { Notify: false, EventAction: lowAction },
        HighAction: { Notify: false, EventAction: 'BLOCK' },
      },
    },
  })
  await addUser(app, poolId, 'ines', PASSWORD)
  return { poolId, clientId }
}

const AUTHORIZE = (clientId: string) => ({
  client_id: clientId,
  response_type: 'code',
  redirect_uri: REDIRECT,
  scope: 'openid aws.cognito.signin.user.admin',
  state: 'st-1',
  code_challenge: CHALLENGE,
  code_challenge_method: 'S256',
})

async function latestEventId(app: TestApp, poolId: string): Promise<string> {
  const { AuthEvents } = (await app.admin('AdminListUserAuthEvents', {
    UserPoolId: poolId,
    Username: 'ines',
  })) as { AuthEvents: Array<{ EventId: string }> }
  return AuthEvents[0]!.EventId
}

function token(app: TestApp, fields: Record<string, string>): Promise<Response> {
  return app.fetch(`${AUTH}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  })
}

/** Redeems the code of a 303 back to the client. */
async function exchange(app: TestApp, clientId: string, reply: Response): Promise<Tokens> {
  expect(reply.status).toBe(303)
  const code = new URL(reply.headers.get('location')!).searchParams.get('code')!
  const answer = await token(app, {
    grant_type: 'authorization_code',
    client_id: clientId,
    code,
    redirect_uri: REDIRECT,
    code_verifier: VERIFIER,
  })
  expect(answer.status).toBe(200)
  return (await answer.json()) as Tokens
}

const unescapeEntities = (text: string) =>
  text.replace(/&(amp|quot|lt|gt|#39);/g, (_, e: string) =>
    e === 'amp' ? '&' : e === 'quot' ? '"' : e === 'lt' ? '<' : e === 'gt' ? '>' : "'",
  )

describe("hosted-UI tokens carry the sign-in's risk event", () => {
  it('through the code, the refresh grant and a sign-in resumed from the hosted-UI session', async () => {
    const app = testApp()
    const { poolId, clientId } = await protectedHostedPool(app, 'NO_ACTION')
    const jar = new CookieJar((url, init) => app.fetch(new Request(url, init)))
    const login = await hostedLoginUrl(jar, AUTH, AUTHORIZE(clientId))
    const tokens = await exchange(
      app,
      clientId,
      await postLoginForm(jar, login.toString(), 'ines', PASSWORD),
    )
    const eventId = await latestEventId(app, poolId)
    expect(claimsOf(tokens.id_token).event_id).toBe(eventId)
    expect(claimsOf(tokens.access_token).event_id).toBe(eventId)

    const refreshed = await token(app, {
      grant_type: 'refresh_token',
      client_id: clientId,
      refresh_token: tokens.refresh_token!,
    })
    expect(refreshed.status).toBe(200)
    const again = (await refreshed.json()) as Tokens
    expect(claimsOf(again.id_token).event_id).toBe(eventId)
    expect(claimsOf(again.access_token).event_id).toBe(eventId)

    // The same browser authorizes again: no new sign-in, so no new event; the session's is kept.
    app.advance(60_000)
    const resumed = await jar.fetch(
      `${AUTH}/oauth2/authorize?${new URLSearchParams(AUTHORIZE(clientId))}`,
    )
    const fromSession = await exchange(app, clientId, resumed)
    expect(await latestEventId(app, poolId)).toBe(eventId)
    expect(claimsOf(fromSession.id_token).event_id).toBe(eventId)
  })

  it('after a second factor the risk asked for', async () => {
    const app = testApp()
    app.advance(15_000 - (app.now() % 30_000))
    const { poolId, clientId } = await protectedHostedPool(app, 'MFA_IF_CONFIGURED')
    const signedIn = await json(
      await app.call('InitiateAuth', {
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'ines', PASSWORD },
      }),
    )
    const AccessToken = signedIn.AuthenticationResult!.AccessToken
    const { SecretCode } = await json(await app.call('AssociateSoftwareToken', { AccessToken }))
    await app.call('VerifySoftwareToken', {
      AccessToken,
      UserCode: authenticator(String(SecretCode), app.now()),
    })
    await app.call('SetUserMFAPreference', {
      AccessToken,
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
    })
    app.advance(30_000)

    // A new browser is a new device: stepped up to the authenticator's code.
    const jar = new CookieJar((url, init) => app.fetch(new Request(url, init)))
    const login = await hostedLoginUrl(jar, AUTH, AUTHORIZE(clientId))
    const codePage = await postLoginForm(jar, login.toString(), 'ines', PASSWORD)
    expect(codePage.status).toBe(200)
    const html = await codePage.text()
    const form = /<form[^>]*action="\/login\/mfa"[^>]*>([\s\S]*?)<\/form>/.exec(html)![1]!
    const fields = new URLSearchParams()
    for (const input of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
      fields.set(input[1]!, unescapeEntities(input[2]!))
    fields.set('code', authenticator(String(SecretCode), app.now()))
    const reply = await jar.fetch(`${AUTH}/login/mfa`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: AUTH },
      body: fields.toString(),
    })
    const tokens = await exchange(app, clientId, reply)
    const eventId = await latestEventId(app, poolId)
    expect(claimsOf(tokens.id_token).event_id).toBe(eventId)
    expect(claimsOf(tokens.access_token).event_id).toBe(eventId)
  })
})
