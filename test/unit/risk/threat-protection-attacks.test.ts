import { beforeEach, describe, expect, it } from 'vitest'
import { createHmac } from 'node:crypto'
import { testApp, type TestApp } from '../support/app'
import { addUser, callFrom, PARIS, protectedPool } from './support'

const PASSWORD = 'Risky-Business-42'
const BLOCKED = {
  __type: 'NotAuthorizedException',
  message: 'Unable to login because of security reasons.',
}

const secretHash = (secret: string, username: string, clientId: string) =>
  createHmac('sha256', secret)
    .update(username + clientId)
    .digest('base64')

describe('threat protection under attack', () => {
  let app: TestApp
  let poolId: string
  let clientId: string

  const signIn = (
    from: { ip?: string; headers?: Record<string, string> },
    username: string,
    password = PASSWORD,
    extra: Record<string, unknown> = {},
  ) =>
    callFrom(app, { cf: PARIS, ...from }, 'InitiateAuth', {
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
      ...extra,
    })

  beforeEach(async () => {
    app = testApp()
    ;({ poolId, clientId } = await protectedPool(app, 'ENFORCED'))
    await app.admin('SetRiskConfiguration', {
      UserPoolId: poolId,
      AccountTakeoverRiskConfiguration: {
        Actions: {
          LowAction: { Notify: false, EventAction: 'NO_ACTION' },
          MediumAction: { Notify: false, EventAction: 'MFA_REQUIRED' },
          HighAction: { Notify: false, EventAction: 'BLOCK' },
        },
      },
      RiskExceptionConfiguration: {
        BlockedIPRangeList: ['203.0.113.0/24', '2001:db8:bad::/48'],
        SkippedIPRangeList: ['10.0.0.0/8'],
      },
    })
    await addUser(app, poolId, 'ana', PASSWORD)
  })

  it('answers a blocked address the same for a right password, a wrong one and an unknown name', async () => {
    const from = { ip: '203.0.113.9' }
    const right = await signIn(from, 'ana')
    const wrong = await signIn(from, 'ana', 'Not-The-Password-1')
    const unknown = await signIn(from, 'nobody-here')
    expect(right).toEqual(BLOCKED)
    expect(wrong).toEqual(BLOCKED)
    expect(unknown).toEqual(BLOCKED)
    expect(await signIn({ ip: '2001:db8:bad::7' }, 'ana')).toEqual(BLOCKED)
    expect((await signIn({ ip: '198.51.100.1' }, 'ana')).AuthenticationResult).toBeTruthy()
  })

  it('trusts no address the client writes in a header of its own', async () => {
    // From a blocked address, claiming to be forwarded for a skipped one.
    for (const header of ['x-forwarded-for', 'x-real-ip', 'true-client-ip'])
      expect(await signIn({ ip: '203.0.113.9', headers: { [header]: '10.1.2.3' } }, 'ana')).toEqual(
        BLOCKED,
      )
  })

  it('ignores the IpAddress of UserContextData from a public client', async () => {
    const claimed = await signIn({ ip: '203.0.113.9' }, 'ana', PASSWORD, {
      UserContextData: { IpAddress: '10.1.2.3' },
    })
    expect(claimed).toEqual(BLOCKED)
  })

  it('takes the IpAddress of UserContextData from a client with a secret and propagation on', async () => {
    const confidential = await protectedPool(app, 'ENFORCED', { secret: true, propagate: true })
    await app.admin('SetRiskConfiguration', {
      UserPoolId: confidential.poolId,
      RiskExceptionConfiguration: { BlockedIPRangeList: ['198.51.100.0/24'] },
    })
    await addUser(app, confidential.poolId, 'ben', PASSWORD)
    const answer = (ip: string) =>
      callFrom(app, { cf: PARIS, ip: '192.0.2.200' }, 'InitiateAuth', {
        ClientId: confidential.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: {
          USERNAME: 'ben',
          PASSWORD,
          SECRET_HASH: secretHash(confidential.clientSecret!, 'ben', confidential.clientId),
        },
        UserContextData: { IpAddress: ip },
      })
    expect(await answer('198.51.100.4')).toEqual(BLOCKED)
    expect((await answer('192.0.2.4')).AuthenticationResult).toBeTruthy()
  })

  it('sees a burst of failures from one address across accounts as password spraying', async () => {
    const names = ['u1', 'u2', 'u3', 'u4', 'u5']
    for (const name of names) await addUser(app, poolId, name, PASSWORD)
    await addUser(app, poolId, 'target', PASSWORD)
    const sprayer = { ip: '192.0.2.66' }
    // In parallel, as a sprayer would: each failure is counted.
    await Promise.all(names.map((name) => signIn(sprayer, name, 'Spring2026!!')))
    const guessed = await signIn(sprayer, 'target')
    expect(guessed.AuthenticationResult).toBeUndefined()
    expect(guessed.ChallengeName).toBe('MFA_SETUP')
    const [event] = (
      (await app.admin('AdminListUserAuthEvents', { UserPoolId: poolId, Username: 'target' })) as {
        AuthEvents: Array<Record<string, unknown>>
      }
    ).AuthEvents
    expect(event).toMatchObject({
      EventRisk: { RiskDecision: 'AccountTakeover', RiskLevel: 'Medium' },
    })
    // The same account from elsewhere is not held to the sprayer's address.
    expect((await signIn({ ip: '198.51.100.20' }, 'target')).AuthenticationResult).toBeTruthy()
  })

  it('skips risk detection for a skipped range', async () => {
    await signIn({ ip: '192.0.2.10' }, 'ana')
    const far = {
      country: 'AU',
      city: 'Sydney',
      asn: 1221,
      latitude: '-33.87',
      longitude: '151.21',
    }
    const skipped = await callFrom(app, { cf: far, ip: '10.9.9.9' }, 'InitiateAuth', {
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'ana', PASSWORD },
    })
    expect(skipped.AuthenticationResult).toBeTruthy()
  })

  describe('forged feedback tokens', () => {
    let eventId: string
    beforeEach(async () => {
      await signIn({ ip: '192.0.2.10' }, 'ana')
      const listed = (await app.admin('AdminListUserAuthEvents', {
        UserPoolId: poolId,
        Username: 'ana',
      })) as { AuthEvents: Array<{ EventId: string }> }
      eventId = listed.AuthEvents[0]!.EventId
    })
    const feedback = (username: string, event: string, token: string) =>
      callFrom(app, {}, 'UpdateAuthEventFeedback', {
        UserPoolId: poolId,
        Username: username,
        EventId: event,
        FeedbackToken: token,
        FeedbackValue: 'Valid',
      })

    it('refuses a made-up token the same way for a known user, an unknown one and an unknown event', async () => {
      const forged = 'eyJhbGciOiJub25lIn0.eyJldmVudCI6Im1pbmUifQ.'
      const known = await feedback('ana', eventId, forged)
      expect(known).toEqual({
        __type: 'NotAuthorizedException',
        message: 'Invalid feedback token.',
      })
      expect(await feedback('nobody-here', eventId, forged)).toEqual(known)
      expect(await feedback('ana', 'no-such-event', forged)).toEqual(known)
      const after = (await app.admin('AdminListUserAuthEvents', {
        UserPoolId: poolId,
        Username: 'ana',
      })) as { AuthEvents: Array<Record<string, unknown>> }
      expect(after.AuthEvents[0]!.EventFeedback).toBeUndefined()
    })
  })
})
