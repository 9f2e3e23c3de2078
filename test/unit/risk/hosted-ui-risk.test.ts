import { describe, expect, it } from 'vitest'
import { CookieJar, hostedLoginUrl, postLoginForm } from '../../support/cookie-jar'
import { AUTH, testApp } from '../support/app'
import { addUser, type EdgePlace, PARIS, SYDNEY } from './support'

const PASSWORD = 'Hosted-Risk-Pass-42'
const REDIRECT = 'https://rp.example/cb'

describe('adaptive authentication on the hosted UI (in process)', () => {
  it('records hosted sign-ins and blocks impossible travel there too', async () => {
    const app = testApp()
    const poolId = (
      (await app.admin('CreateUserPool', {
        PoolName: 'hosted-risk',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      })) as { UserPool: { Id: string } }
    ).UserPool.Id
    const clientId = (
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
    await app.admin('SetRiskConfiguration', {
      UserPoolId: poolId,
      AccountTakeoverRiskConfiguration: {
        Actions: {
          LowAction: { Notify: false, EventAction: 'NO_ACTION' },
          MediumAction: { Notify: false, EventAction: 'NO_ACTION' },
          HighAction: { Notify: false, EventAction: 'BLOCK' },
        },
      },
    })
    await addUser(app, poolId, 'hana', PASSWORD)
    /** A browser at `place`: every request it sends reaches the Worker with that `cf` and address. */
    const browserAt = (place: EdgePlace, ip: string) =>
      new CookieJar((url, init) => {
        const headers = new Headers(init.headers)
        headers.set('cf-connecting-ip', ip)
        const request = new Request(url, { ...init, headers })
        Object.defineProperty(request, 'cf', { value: place })
        return app.fetch(request)
      })
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
        'hana',
        PASSWORD,
      )
    const first = await signIn(browserAt(PARIS, '192.0.2.10'))
    expect(first.status).toBe(303)
    app.advance(60_000)
    const blocked = await signIn(browserAt(SYDNEY, '203.0.113.5'))
    expect(blocked.status).not.toBe(303)
    expect(await blocked.text()).toContain('Unable to login because of security reasons.')
    const events = (
      (await app.admin('AdminListUserAuthEvents', { UserPoolId: poolId, Username: 'hana' })) as {
        AuthEvents: Array<Record<string, unknown>>
      }
    ).AuthEvents
    expect(
      events.map((e) => [e.EventResponse, (e.EventRisk as { RiskDecision: string }).RiskDecision]),
    ).toEqual([
      ['Fail', 'Block'],
      ['Pass', 'NoRisk'],
    ])
  })
})
