import { beforeEach, describe, expect, it } from 'vitest'
import { CookieJar, postLoginForm } from '../support/cookie-jar'
import { AUTH, testApp, type TestApp } from './support/app'

const PASSWORD = 'Code-Ui-Pass-42'
const REDIRECT = 'https://rp.example/cb'

const unescapeEntities = (text: string) =>
  text.replace(/&(amp|quot|lt|gt|#39);/g, (_, e: string) =>
    e === 'amp' ? '&' : e === 'quot' ? '"' : e === 'lt' ? '<' : e === 'gt' ? '>' : "'",
  )

/** The hidden fields of the form posting to `action` (the one carrying `answer`, when given). */
function formFields(html: string, action: string, answer?: string): URLSearchParams {
  for (const form of html.matchAll(/<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)) {
    if (form[1] !== action) continue
    const fields = new URLSearchParams()
    for (const input of form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
      fields.set(input[1]!, unescapeEntities(input[2]!))
    if (answer === undefined || fields.get('answer') === answer) return fields
  }
  throw new Error(`no form posting to ${action} in ${html}`)
}

/**
 * The hosted UI's pages for codes sent by SMS or email and for the choice between factors, in
 * process: the same CSRF rules as every form, and the OAuth code only after the right code.
 */
describe('hosted UI: SMS and email codes, choosing a factor (in process)', () => {
  let app: TestApp
  let jar: CookieJar
  let poolId: string
  let clientId: string

  const post = (path: string, fields: URLSearchParams) =>
    jar.fetch(`${AUTH}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: AUTH },
      body: fields.toString(),
    })
  const loginPage = async () => {
    const authorize = await jar.fetch(
      `${AUTH}/oauth2/authorize?${new URLSearchParams({
        client_id: clientId,
        response_type: 'code',
        redirect_uri: REDIRECT,
        scope: 'openid',
        state: 'st-1',
        // A public client must use PKCE; the code is not exchanged here.
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      })}`,
    )
    return new URL(authorize.headers.get('location')!, AUTH).toString()
  }

  beforeEach(async () => {
    app = testApp()
    jar = new CookieJar(app.fetch)
    poolId = (
      (await app.admin('CreateUserPool', {
        PoolName: 'ui-codes',
        EmailConfiguration: { EmailSendingAccount: 'DEVELOPER' },
      })) as { UserPool: { Id: string } }
    ).UserPool.Id
    await app.admin('SetUserPoolMfaConfig', {
      UserPoolId: poolId,
      MfaConfiguration: 'OPTIONAL',
      SmsMfaConfiguration: {
        SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sms' },
      },
      EmailMfaConfiguration: { Message: 'Your code is {####}', Subject: 'Sign-in code' },
    })
    clientId = (
      (await app.admin('CreateUserPoolClient', {
        UserPoolId: poolId,
        ClientName: 'rp',
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid'],
        CallbackURLs: [REDIRECT],
        SupportedIdentityProviders: ['COGNITO'],
      })) as { UserPoolClient: { ClientId: string } }
    ).UserPoolClient.ClientId
    await app.admin('AdminCreateUser', {
      UserPoolId: poolId,
      Username: 'uma',
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: 'uma@example.com' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'phone_number', Value: '+15555550111' },
      ],
    })
    await app.admin('AdminSetUserPassword', {
      UserPoolId: poolId,
      Username: 'uma',
      Password: PASSWORD,
      Permanent: true,
    })
    for (const settings of ['SMSMfaSettings', 'EmailMfaSettings'])
      await app.admin('AdminSetUserMFAPreference', {
        UserPoolId: poolId,
        Username: 'uma',
        [settings]: { Enabled: true },
      })
  })

  it('offers the choice, sends the code chosen and signs in with it', async () => {
    const choose = await postLoginForm(jar, await loginPage(), 'uma', PASSWORD)
    expect(choose.status).toBe(200)
    const chooseHtml = await choose.text()
    expect(chooseHtml).toContain('id="choose-SMS_MFA"')
    expect(chooseHtml).toContain('id="choose-EMAIL_OTP"')
    expect(choose.headers.get('content-security-policy')).toContain("default-src 'none'")
    const sent = app.sent.length
    const codePage = await post(
      '/login/mfa-select',
      formFields(chooseHtml, '/login/mfa-select', 'EMAIL_OTP'),
    )
    expect(codePage.status).toBe(200)
    const codeHtml = await codePage.text()
    expect(codeHtml).toContain('We sent a code by email to u***@e***.')
    expect(app.sent.length).toBe(sent + 1)
    const message = app.sent.at(-1)!
    expect(message).toMatchObject({ medium: 'EMAIL', subject: 'Sign-in code' })

    const fields = formFields(codeHtml, '/login/mfa-code')
    const wrong = new URLSearchParams(fields)
    wrong.set('code', message.code === '123456' ? '654321' : '123456')
    const again = await post('/login/mfa-code', wrong)
    expect(again.status).toBe(400)
    const againHtml = await again.text()
    expect(againHtml).toContain('That code is not right.')

    const right = formFields(againHtml, '/login/mfa-code')
    right.set('code', message.code!)
    const done = await post('/login/mfa-code', right)
    expect(done.status).toBe(303)
    const location = new URL(done.headers.get('location')!)
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT)
    expect(location.searchParams.get('code')).toBeTruthy()
    expect(location.searchParams.get('state')).toBe('st-1')
  })

  it('refuses a code form without its CSRF token', async () => {
    await app.admin('AdminSetUserMFAPreference', {
      UserPoolId: poolId,
      Username: 'uma',
      SMSMfaSettings: { Enabled: true, PreferredMfa: true },
    })
    const codePage = await postLoginForm(jar, await loginPage(), 'uma', PASSWORD)
    const html = await codePage.text()
    expect(html).toContain('We sent a code by text message to +*******0111.')
    const fields = formFields(html, '/login/mfa-code')
    fields.delete('_csrf')
    fields.set('code', app.sent.at(-1)!.code!)
    const refused = await post('/login/mfa-code', fields)
    expect(refused.status).toBe(403)
    expect(refused.headers.get('location')).toBeNull()
  })
})
