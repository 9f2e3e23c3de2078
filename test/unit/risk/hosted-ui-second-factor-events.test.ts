import { describe, expect, it } from 'vitest'
import { CookieJar, hostedLoginUrl, postLoginForm } from '../../support/cookie-jar'
import { AUTH, testApp, type TestApp } from '../support/app'
import { authenticator } from '../support/authenticator'
import { addUser, json } from './support'

const PASSWORD = 'Hosted-Factor-Pass-42'
const REDIRECT = 'https://rp.example/cb'

const unescapeEntities = (text: string) =>
  text.replace(/&(amp|quot|lt|gt|#39);/g, (_, e: string) =>
    e === 'amp' ? '&' : e === 'quot' ? '"' : e === 'lt' ? '<' : e === 'gt' ? '>' : "'",
  )

/** The hidden fields of the form posting to `action`. */
function formFields(html: string, action: string): URLSearchParams {
  for (const form of html.matchAll(/<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)) {
    if (form[1] !== action) continue
    const fields = new URLSearchParams()
    for (const input of form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
      fields.set(input[1]!, unescapeEntities(input[2]!))
    return fields
  }
  throw new Error(`no form posting to ${action} in ${html}`)
}

/**
 * An ENFORCED pool whose Low risk asks for MFA if configured: every hosted sign-in from a new
 * browser (a new device) is stepped up, so its event is InProgress until the factor is answered.
 */
async function steppedUpPool(app: TestApp) {
  const poolId = (
    (await app.admin('CreateUserPool', {
      PoolName: 'hosted-factor-events',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      EmailConfiguration: { EmailSendingAccount: 'DEVELOPER' },
    })) as { UserPool: { Id: string } }
  ).UserPool.Id
  await app.admin('SetUserPoolMfaConfig', {
    UserPoolId: poolId,
    MfaConfiguration: 'OPTIONAL',
    SoftwareTokenMfaConfiguration: { Enabled: true },
    EmailMfaConfiguration: { Message: 'Your code is {####}', Subject: 'Sign-in code' },
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
        LowAction: { Notify: false, EventAction: 'MFA_IF_CONFIGURED' },
        MediumAction: { Notify: false, EventAction: 'MFA_IF_CONFIGURED' },
        HighAction: { Notify: false, EventAction: 'BLOCK' },
      },
    },
  })
  await addUser(app, poolId, 'fay', PASSWORD)
  return { poolId, clientId }
}

/** Turns on TOTP for the user over the JSON API; the authenticator's secret. */
async function turnOnTotp(app: TestApp, clientId: string): Promise<string> {
  const signedIn = await json(
    await app.call('InitiateAuth', {
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'fay', PASSWORD },
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
  return String(SecretCode)
}

describe('the hosted UI second factor completes the sign-in event', () => {
  it.each([
    [
      'a TOTP code',
      '/login/mfa',
      async (app: TestApp, _poolId: string, clientId: string) => {
        const secret = await turnOnTotp(app, clientId)
        return {
          right: () => authenticator(secret, app.now()),
          wrong: () => (authenticator(secret, app.now()) === '123456' ? '654321' : '123456'),
        }
      },
    ],
    [
      'an emailed code',
      '/login/mfa-code',
      async (app: TestApp, poolId: string, clientId: string) => {
        // A first sign-in, so the hosted one has a history to be new against.
        await app.call('InitiateAuth', {
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'fay', PASSWORD },
        })
        app.advance(1_000)
        await app.admin('AdminSetUserMFAPreference', {
          UserPoolId: poolId,
          Username: 'fay',
          EmailMfaSettings: { Enabled: true, PreferredMfa: true },
        })
        return {
          right: () => app.sent.at(-1)!.code!,
          wrong: () => (app.sent.at(-1)!.code === '123456' ? '654321' : '123456'),
        }
      },
    ],
  ])('%s: a wrong one is recorded, the right one passes the event', async (_n, action, factor) => {
    const app = testApp()
    app.advance(15_000 - (app.now() % 30_000))
    const { poolId, clientId } = await steppedUpPool(app)
    const codes = await factor(app, poolId, clientId)
    const jar = new CookieJar((url, init) => app.fetch(new Request(url, init)))
    const post = (fields: URLSearchParams) =>
      jar.fetch(`${AUTH}${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: AUTH },
        body: fields.toString(),
      })
    const login = await hostedLoginUrl(jar, AUTH, {
      client_id: clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid',
      state: 'st-1',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    })
    const codePage = await postLoginForm(jar, login.toString(), 'fay', PASSWORD)
    expect(codePage.status).toBe(200)
    const wrong = formFields(await codePage.text(), action)
    wrong.set('code', codes.wrong())
    const again = await post(wrong)
    expect(again.status).toBe(400)
    const right = formFields(await again.text(), action)
    right.set('code', codes.right())
    expect((await post(right)).status).toBe(303)
    const [latest] = (
      (await app.admin('AdminListUserAuthEvents', { UserPoolId: poolId, Username: 'fay' })) as {
        AuthEvents: Array<Record<string, unknown>>
      }
    ).AuthEvents
    expect(latest).toMatchObject({
      EventResponse: 'Pass',
      EventRisk: { RiskDecision: 'AccountTakeover', RiskLevel: 'Low' },
      ChallengeResponses: [
        { ChallengeName: 'Password', ChallengeResponse: 'Success' },
        { ChallengeName: 'Mfa', ChallengeResponse: 'Failure' },
        { ChallengeName: 'Mfa', ChallengeResponse: 'Success' },
      ],
    })
  })
})
