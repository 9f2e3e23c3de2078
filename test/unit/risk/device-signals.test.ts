import { describe, expect, it } from 'vitest'
import { COOKIES } from '../../../src/http/cookies'
import { CookieJar, hostedLoginUrl, postLoginForm } from '../../support/cookie-jar'
import { AUTH, testApp, type TestApp } from '../support/app'
import { newDeviceSecret } from '../support/srp-client'
import { addUser, json } from './support'

const PASSWORD = 'Device-Risk-Pass-42'
const REDIRECT = 'https://rp.example/cb'
/** A new device alone is Low risk; these pools block Low, so a new device shows as a block. */
const BLOCK_LOW = {
  AccountTakeoverRiskConfiguration: {
    Actions: {
      LowAction: { Notify: false, EventAction: 'BLOCK' },
      MediumAction: { Notify: false, EventAction: 'BLOCK' },
      HighAction: { Notify: false, EventAction: 'BLOCK' },
    },
  },
}

async function pool(app: TestApp, members: Record<string, unknown> = {}) {
  const poolId = (
    (await app.admin('CreateUserPool', {
      PoolName: 'device-risk',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      ...members,
    })) as { UserPool: { Id: string } }
  ).UserPool.Id
  const clientId = (
    (await app.admin('CreateUserPoolClient', {
      UserPoolId: poolId,
      ClientName: 'rp',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid'],
      CallbackURLs: [REDIRECT],
      SupportedIdentityProviders: ['COGNITO'],
    })) as { UserPoolClient: { ClientId: string } }
  ).UserPoolClient.ClientId
  await app.admin('SetRiskConfiguration', { UserPoolId: poolId, ...BLOCK_LOW })
  await addUser(app, poolId, 'dora', PASSWORD)
  return { poolId, clientId }
}

const levels = async (app: TestApp, poolId: string) =>
  (
    (await app.admin('AdminListUserAuthEvents', { UserPoolId: poolId, Username: 'dora' })) as {
      AuthEvents: Array<{ EventResponse: string; EventRisk: { RiskLevel?: string } }>
    }
  ).AuthEvents.map((e) => [e.EventResponse, e.EventRisk.RiskLevel ?? null]).reverse()

describe('a remembered device key is a known device', () => {
  it('passes on a remembered key, and counts a confirmed but unremembered one as new', async () => {
    const app = testApp()
    const { poolId, clientId } = await pool(app, {
      DeviceConfiguration: {
        ChallengeRequiredOnNewDevice: false,
        DeviceOnlyRememberedOnUserPrompt: true,
      },
    })
    const signIn = async (deviceKey?: string) =>
      json(
        await app.call('InitiateAuth', {
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: {
            USERNAME: 'dora',
            PASSWORD,
            ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}),
          },
        }),
      )
    const first = await signIn()
    const tokens = first.AuthenticationResult as unknown as {
      AccessToken: string
      NewDeviceMetadata: { DeviceKey: string; DeviceGroupKey: string }
    }
    const device = await newDeviceSecret(
      tokens.NewDeviceMetadata.DeviceGroupKey,
      tokens.NewDeviceMetadata.DeviceKey,
    )
    await app.call('ConfirmDevice', {
      AccessToken: tokens.AccessToken,
      DeviceKey: device.deviceKey,
      DeviceSecretVerifierConfig: device.config,
    })
    // Confirmed, not remembered (the user was asked and has not said yes): a device never seen.
    app.advance(1_000)
    const unremembered = await signIn(device.deviceKey)
    expect(unremembered.message).toBe('Unable to login because of security reasons.')
    await app.call('UpdateDeviceStatus', {
      AccessToken: tokens.AccessToken,
      DeviceKey: device.deviceKey,
      DeviceRememberedStatus: 'remembered',
    })
    // Remembered: known, so no risk; the device still has to prove itself before any tokens.
    app.advance(1_000)
    const remembered = await signIn(device.deviceKey)
    expect(remembered.ChallengeName).toBe('DEVICE_SRP_AUTH')
    expect(await levels(app, poolId)).toEqual([
      ['Pass', null],
      ['Fail', 'Low'],
      ['Pass', null],
    ])
  })
})

describe('the hosted UI device cookie', () => {
  const setup = async () => {
    const app = testApp()
    const { poolId, clientId } = await pool(app)
    const signIn = async (jar: CookieJar) =>
      postLoginForm(
        jar,
        (
          await hostedLoginUrl(jar, AUTH, {
            client_id: clientId,
            response_type: 'code',
            redirect_uri: REDIRECT,
            scope: 'openid',
            state: 'st-1',
            code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
            code_challenge_method: 'S256',
          })
        ).toString(),
        'dora',
        PASSWORD,
      )
    /** A fresh browser (no sign-in session) holding only `device` as its device cookie. */
    const browserWith = (device?: string) => {
      const jar = new CookieJar((url, init) => app.fetch(new Request(url, init)))
      if (device)
        jar.store(
          AUTH,
          new Response(null, { headers: { 'set-cookie': `${COOKIES.device}=${device}` } }),
        )
      return jar
    }
    const first = browserWith()
    const firstAnswer = await signIn(first)
    expect(firstAnswer.status).toBe(303)
    const cookie = firstAnswer.headers
      .getSetCookie()
      .find((line) => line.startsWith(`${COOKIES.device}=`))!
    const issued = first.get(AUTH, COOKIES.device)!
    return { app, poolId, signIn, browserWith, cookie, issued }
  }

  it('is set on the first sign-in: HttpOnly, Secure, SameSite=Lax, kept a year', async () => {
    const { cookie } = await setup()
    expect(cookie.split('; ')).toEqual(
      expect.arrayContaining(['Path=/', 'Secure', 'HttpOnly', 'SameSite=Lax', 'Max-Age=31536000']),
    )
  })

  it.each([
    ['the same browser (its cookie kept)', (issued: string) => issued, 303, null],
    ['a browser without the cookie', () => undefined, 400, 'Low'],
    ['a cookie that was not sealed by the Worker', () => 'browser-chosen-id', 400, 'Low'],
    [
      'a sealed cookie altered in one character',
      (issued: string) => issued.slice(0, -2) + (issued.at(-2) === 'A' ? 'B' : 'A') + issued.at(-1),
      400,
      'Low',
    ],
  ])('the next sign-in from %s', async (_name, cookieOf, status, level) => {
    const { app, poolId, signIn, browserWith, issued } = await setup()
    app.advance(60_000)
    const answer = await signIn(browserWith(cookieOf(issued)))
    expect(answer.status).toBe(status)
    expect((await levels(app, poolId)).at(-1)).toEqual([status === 303 ? 'Pass' : 'Fail', level])
  })
})
