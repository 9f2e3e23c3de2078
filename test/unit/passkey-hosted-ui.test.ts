import { createHash } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { APP, testApp, type TestApp } from './support/app'
import { SoftwarePasskey } from './support/passkey-authenticator'

const PASSWORD = 'Hosted-Passkey-Pass-42'
const CALLBACK = 'https://app.example/callback'

/** The hidden value of a named field in a rendered form. */
const field = (html: string, name: string) =>
  html.match(new RegExp(`name="${name}" value="([^"]*)"`))?.[1]?.replaceAll('&quot;', '"') ?? ''
const attribute = (html: string, name: string) =>
  (html.match(new RegExp(`${name}="([^"]*)"`))?.[1] ?? '').replaceAll('&quot;', '"')

/**
 * The hosted UI's passkey pages in process, on http://localhost (the relying party): the set-up
 * offer after a password sign-in, its single-use ticket, the CSP that lets only our script run,
 * and a passkey sign-in through the forms with a software authenticator.
 */
describe('passkeys in the hosted UI (in process)', () => {
  let app: TestApp
  let clientId: string
  let poolId: string
  let cookie: string
  let csrf: string
  const params = () => ({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: CALLBACK,
    scope: 'openid',
    state: 's',
    code_challenge: createHash('sha256').update('v'.repeat(43)).digest('base64url'),
    code_challenge_method: 'S256',
  })
  const post = (path: string, fields: Record<string, string>, ip = '192.0.2.1') =>
    app.fetch(`${APP}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie,
        'cf-connecting-ip': ip,
      },
      body: new URLSearchParams({ _csrf: csrf, ...params(), ...fields }),
      redirect: 'manual',
    })

  beforeEach(async () => {
    app = testApp()
    poolId = (
      (await app.admin('CreateUserPool', {
        PoolName: 'hosted',
        Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
      })) as { UserPool: { Id: string } }
    ).UserPool.Id
    await app.admin('SetUserPoolMfaConfig', {
      UserPoolId: poolId,
      WebAuthnConfiguration: { RelyingPartyId: 'localhost' },
    })
    clientId = (
      (await app.admin('CreateUserPoolClient', {
        UserPoolId: poolId,
        ClientName: 'web',
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid'],
        SupportedIdentityProviders: ['COGNITO'],
        CallbackURLs: [CALLBACK],
      })) as { UserPoolClient: { ClientId: string } }
    ).UserPoolClient.ClientId
    await app.admin('AdminCreateUser', {
      UserPoolId: poolId,
      Username: 'ida',
      MessageAction: 'SUPPRESS',
    })
    await app.admin('AdminSetUserPassword', {
      UserPoolId: poolId,
      Username: 'ida',
      Password: PASSWORD,
      Permanent: true,
    })
    const login = await app.fetch(`${APP}/login?${new URLSearchParams(params())}`)
    const html = await login.text()
    expect(login.status, html.slice(0, 300)).toBe(200)
    expect(html).toContain('Sign in with a passkey')
    // The login page itself runs no script.
    expect(login.headers.get('content-security-policy')).not.toContain('script-src')
    csrf = field(html, '_csrf')
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!
  })

  const passwordStep = async () => {
    const offer = await post('/login', { username: 'ida', password: PASSWORD })
    const html = await offer.text()
    expect(offer.status, html.slice(0, 300)).toBe(200)
    return { offer, html }
  }

  it('offers a passkey after a password sign-in; "Not now" finishes it, once', async () => {
    const { offer, html } = await passwordStep()
    expect(html).toContain('Add a passkey')
    expect(html).toContain('<script src="/_ui/passkey.js"></script>')
    expect(html).not.toMatch(/<script>/)
    expect(offer.headers.get('content-security-policy')).toContain("script-src 'self'")
    const ticket = field(html, 'ticket')
    const skipped = await post('/login/passkey/setup', { ticket, skip: '1' })
    expect(skipped.status).toBe(303)
    expect(new URL(skipped.headers.get('location')!).searchParams.get('code')).toBeTruthy()
    const replay = await post('/login/passkey/setup', { ticket, skip: '1' })
    expect(replay.status).toBeGreaterThanOrEqual(400)
    expect(replay.headers.get('location')).toBeNull()
  })

  it('adds a passkey through the form, then signs in with it through the forms', async () => {
    const { html } = await passwordStep()
    const passkey = new SoftwarePasskey(APP)
    const created = passkey.create(JSON.parse(attribute(html, 'data-options')))
    const added = await post('/login/passkey/setup', {
      ticket: field(html, 'ticket'),
      credential: JSON.stringify(created),
    })
    expect(added.status, (await added.clone().text()).slice(0, 400)).toBe(303)

    const step = await post('/login/passkey', { username: 'ida' })
    const page = await step.text()
    expect(step.status, page.slice(0, 300)).toBe(200)
    const assertion = passkey.get(JSON.parse(attribute(page, 'data-options')))
    const signedIn = await post('/login/passkey/verify', {
      session: field(page, 'session'),
      credential: JSON.stringify(assertion),
    })
    expect(signedIn.status).toBe(303)
    expect(new URL(signedIn.headers.get('location')!).searchParams.get('code')).toBeTruthy()
    // The same assertion again is refused on the login page, with no code.
    const replay = await post('/login/passkey/verify', {
      session: field(page, 'session'),
      credential: JSON.stringify(assertion),
    })
    expect(replay.status).toBe(400)
    expect(await replay.text()).toContain('That passkey could not be used')
  })

  it('lets threat protection block a passkey sign-in that stands for MFA', async () => {
    const { html } = await passwordStep()
    const passkey = new SoftwarePasskey(APP)
    const created = passkey.create(JSON.parse(attribute(html, 'data-options')))
    await post('/login/passkey/setup', {
      ticket: field(html, 'ticket'),
      credential: JSON.stringify(created),
    })
    await app.admin('UpdateUserPool', {
      UserPoolId: poolId,
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
    })
    await app.admin('SetRiskConfiguration', {
      UserPoolId: poolId,
      RiskExceptionConfiguration: { BlockedIPRangeList: ['203.0.113.0/24'] },
    })
    const blocked = '203.0.113.7'
    const step = await post('/login/passkey', { username: 'ida' }, blocked)
    const page = await step.text()
    expect(step.status, page.slice(0, 300)).toBe(200)
    const refused = await post(
      '/login/passkey/verify',
      {
        session: field(page, 'session'),
        credential: JSON.stringify(passkey.get(JSON.parse(attribute(page, 'data-options')))),
      },
      blocked,
    )
    expect(refused.headers.get('location') ?? '').not.toContain('code=')
    expect(refused.status).toBeGreaterThanOrEqual(400)
  })

  it('answers a passkey sign-in for a user without one on the login page', async () => {
    const refused = await post('/login/passkey', { username: 'ida' })
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('No passkey is registered')
  })

  it('serves the script with its own headers', async () => {
    const script = await app.fetch(`${APP}/_ui/passkey.js`)
    expect(script.headers.get('content-type')).toContain('text/javascript')
    expect(await script.text()).toContain('navigator.credentials')
  })
})
