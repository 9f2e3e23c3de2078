import { beforeEach, describe, expect, it } from 'vitest'
import { testApp, type TestApp } from '../support/app'
import { authenticator } from '../support/authenticator'
import { addUser, BERLIN, callFrom, claimsOf, PARIS, protectedPool, SYDNEY } from './support'

const PASSWORD = 'Risky-Business-42'
const HOUR = 3_600_000

const TAKEOVER = {
  Actions: {
    LowAction: { Notify: false, EventAction: 'NO_ACTION' },
    MediumAction: { Notify: false, EventAction: 'MFA_REQUIRED' },
    HighAction: { Notify: true, EventAction: 'BLOCK' },
  },
  NotifyConfiguration: {
    SourceArn: 'arn:aws:ses:us-east-1:123456789012:identity/example.com',
    From: 'security@example.com',
    BlockEmail: {
      Subject: 'Blocked sign-in for {username}',
      TextBody:
        'From {city}, {country}. Me: {one-click-link-valid} Not me: {one-click-link-invalid}',
    },
  },
}

describe('adaptive authentication (JSON API, in process)', () => {
  let app: TestApp
  let poolId: string
  let clientId: string

  const signIn = (cf: typeof PARIS, ip: string, username = 'ana', password = PASSWORD) =>
    callFrom(app, { cf, ip }, 'InitiateAuth', {
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
    })
  const events = async (username = 'ana') =>
    (
      (await app.admin('AdminListUserAuthEvents', { UserPoolId: poolId, Username: username })) as {
        AuthEvents: Array<Record<string, unknown>>
      }
    ).AuthEvents

  describe('ENFORCED', () => {
    beforeEach(async () => {
      app = testApp()
      ;({ poolId, clientId } = await protectedPool(app, 'ENFORCED', { mfa: 'OPTIONAL' }))
      await app.admin('SetRiskConfiguration', {
        UserPoolId: poolId,
        AccountTakeoverRiskConfiguration: TAKEOVER,
      })
      await addUser(app, poolId, 'ana', PASSWORD)
    })

    it('records a first sign-in as no risk, and its event id is in the tokens, kept across refreshes', async () => {
      const first = await signIn(PARIS, '192.0.2.10')
      const tokens = first.AuthenticationResult
      expect(tokens).toBeTruthy()
      const [event] = await events()
      expect(event).toMatchObject({
        EventType: 'SignIn',
        EventResponse: 'Pass',
        EventRisk: { RiskDecision: 'NoRisk', CompromisedCredentialsDetected: false },
        ChallengeResponses: [{ ChallengeName: 'Password', ChallengeResponse: 'Success' }],
        EventContextData: { IpAddress: '192.0.2.10', City: 'Paris', Country: 'FR' },
      })
      expect(claimsOf(tokens!.IdToken).event_id).toBe(event!.EventId)
      expect(claimsOf(tokens!.AccessToken).event_id).toBe(event!.EventId)
      const refreshed = await callFrom(app, {}, 'InitiateAuth', {
        ClientId: clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: tokens!.RefreshToken },
      })
      expect(claimsOf(refreshed.AuthenticationResult!.AccessToken).event_id).toBe(event!.EventId)
    })

    it('steps a sign-in from a new country up to MFA (MFA_SETUP for a user without a factor)', async () => {
      await signIn(PARIS, '192.0.2.10')
      app.advance(24 * HOUR)
      const stepped = await signIn(BERLIN, '198.51.100.7')
      expect(stepped.ChallengeName).toBe('MFA_SETUP')
      expect(stepped.AuthenticationResult).toBeUndefined()
      const [event] = await events()
      expect(event).toMatchObject({
        EventResponse: 'InProgress',
        EventRisk: { RiskDecision: 'AccountTakeover', RiskLevel: 'Medium' },
      })
      // Setting up an authenticator finishes the sign-in; its tokens carry the event, which passes.
      const associated = await callFrom(app, {}, 'AssociateSoftwareToken', {
        Session: stepped.Session,
      })
      const verified = await callFrom(app, {}, 'VerifySoftwareToken', {
        Session: associated.Session,
        UserCode: authenticator(String(associated.SecretCode), app.now()),
      })
      expect(verified.Status).toBe('SUCCESS')
      const finished = await callFrom(app, {}, 'RespondToAuthChallenge', {
        ClientId: clientId,
        ChallengeName: 'MFA_SETUP',
        Session: verified.Session,
        ChallengeResponses: { USERNAME: 'ana' },
      })
      expect(claimsOf(finished.AuthenticationResult!.IdToken).event_id).toBe(event!.EventId)
      expect((await events())[0]).toMatchObject({
        EventId: event!.EventId,
        EventResponse: 'Pass',
        ChallengeResponses: [
          { ChallengeName: 'Password', ChallengeResponse: 'Success' },
          { ChallengeName: 'Mfa', ChallengeResponse: 'Success' },
        ],
      })
    })

    it('blocks impossible travel, tells the user, and Valid feedback makes the next one pass', async () => {
      await signIn(PARIS, '192.0.2.10')
      app.advance(HOUR)
      const blocked = await signIn(SYDNEY, '203.0.113.5')
      expect(blocked).toMatchObject({
        __type: 'NotAuthorizedException',
        message: 'Unable to login because of security reasons.',
      })
      const [event] = await events()
      expect(event).toMatchObject({
        EventResponse: 'Fail',
        EventRisk: { RiskDecision: 'Block', RiskLevel: 'High' },
        EventContextData: { Country: 'AU' },
      })
      const notice = app.sent.find((m) => m.purpose === 'ACCOUNT_TAKEOVER_NOTIFICATION')
      expect(notice).toMatchObject({
        destination: 'ana@example.com',
        subject: 'Blocked sign-in for ana',
      })
      expect(notice!.body).toContain('From Sydney, AU.')
      expect(notice!.body).toContain(`event_id=${event!.EventId}`)

      // Still blocked until someone vouches for it.
      app.advance(60_000)
      expect((await signIn(SYDNEY, '203.0.113.5')).__type).toBe('NotAuthorizedException')

      await app.admin('AdminUpdateAuthEventFeedback', {
        UserPoolId: poolId,
        Username: 'ana',
        EventId: event!.EventId,
        FeedbackValue: 'Valid',
      })
      app.advance(60_000)
      const passed = await signIn(SYDNEY, '203.0.113.5')
      expect(passed.AuthenticationResult).toBeTruthy()
      const listed = await events()
      expect(listed[0]).toMatchObject({
        EventResponse: 'Pass',
        EventRisk: { RiskDecision: 'NoRisk' },
      })
      expect(listed.find((e) => e.EventId === event!.EventId)).toMatchObject({
        EventFeedback: { FeedbackValue: 'Valid', Provider: 'Admin' },
      })
    })

    it('takes the feedback of the one-click link through the public UpdateAuthEventFeedback', async () => {
      await signIn(PARIS, '192.0.2.10')
      app.advance(HOUR)
      await signIn(SYDNEY, '203.0.113.5')
      const notice = app.sent.find((m) => m.purpose === 'ACCOUNT_TAKEOVER_NOTIFICATION')!
      const link = new URL(notice.body.match(/Me: (\S+)/)![1]!)
      const answer = await callFrom(app, {}, 'UpdateAuthEventFeedback', {
        UserPoolId: poolId,
        Username: link.searchParams.get('username'),
        EventId: link.searchParams.get('event_id'),
        FeedbackToken: link.searchParams.get('feedback_token'),
        FeedbackValue: 'Valid',
      })
      expect(answer).toEqual({})
      expect((await events()).find((e) => e.EventFeedback)).toMatchObject({
        EventFeedback: { FeedbackValue: 'Valid', Provider: 'User' },
      })
    })

    it('opens the one-click link as a page that asks, and records the answer only when posted', async () => {
      await signIn(PARIS, '192.0.2.10')
      app.advance(HOUR)
      await signIn(SYDNEY, '203.0.113.5')
      const notice = app.sent.find((m) => m.purpose === 'ACCOUNT_TAKEOVER_NOTIFICATION')!
      const link = notice.body.match(/Not me: (\S+)/)![1]!
      const asked = await app.fetch(link)
      expect(asked.status).toBe(200)
      const html = await asked.text()
      expect(html).toContain('No, this was not me')
      expect((await events()).some((e) => e.EventFeedback)).toBe(false)
      const fields = new URLSearchParams()
      for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
        fields.set(match[1]!, match[2]!.replaceAll('&amp;', '&'))
      const posted = await app.fetch(link.split('?')[0]!, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: fields.toString(),
      })
      expect(posted.status).toBe(200)
      expect((await events()).find((e) => e.EventFeedback)).toMatchObject({
        EventFeedback: { FeedbackValue: 'Invalid', Provider: 'User' },
      })
    })

    it('lists events newest first, a page at a time', async () => {
      for (let i = 0; i < 5; i++) {
        await signIn(PARIS, '192.0.2.10')
        app.advance(60_000)
      }
      const all = await events()
      expect(all).toHaveLength(5)
      const dates = all.map((e) => e.CreationDate as number)
      expect([...dates].sort((a, b) => b - a)).toEqual(dates)
      const first = (await app.admin('AdminListUserAuthEvents', {
        UserPoolId: poolId,
        Username: 'ana',
        MaxResults: 2,
      })) as { AuthEvents: Array<{ EventId: string }>; NextToken?: string }
      expect(first.AuthEvents.map((e) => e.EventId)).toEqual(all.slice(0, 2).map((e) => e.EventId))
      const second = (await app.admin('AdminListUserAuthEvents', {
        UserPoolId: poolId,
        Username: 'ana',
        MaxResults: 2,
        NextToken: first.NextToken,
      })) as { AuthEvents: Array<{ EventId: string }> }
      expect(second.AuthEvents.map((e) => e.EventId)).toEqual(all.slice(2, 4).map((e) => e.EventId))
    })
  })

  describe('AUDIT', () => {
    beforeEach(async () => {
      app = testApp()
      ;({ poolId, clientId } = await protectedPool(app, 'AUDIT'))
      await app.admin('SetRiskConfiguration', {
        UserPoolId: poolId,
        AccountTakeoverRiskConfiguration: TAKEOVER,
      })
      await addUser(app, poolId, 'ana', PASSWORD)
    })

    it('records impossible travel as High and lets the sign-in through, telling nobody', async () => {
      await signIn(PARIS, '192.0.2.10')
      app.advance(HOUR)
      const travelled = await signIn(SYDNEY, '203.0.113.5')
      expect(travelled.AuthenticationResult).toBeTruthy()
      const [event] = await events()
      expect(event).toMatchObject({
        EventResponse: 'Pass',
        EventRisk: { RiskDecision: 'NoRisk', RiskLevel: 'High' },
      })
      expect(app.sent.filter((m) => m.purpose === 'ACCOUNT_TAKEOVER_NOTIFICATION')).toEqual([])
    })
  })

  describe('OFF', () => {
    it('records nothing and refuses the threat-protection operations', async () => {
      app = testApp()
      ;({ poolId, clientId } = await protectedPool(app, 'OFF'))
      await addUser(app, poolId, 'ana', PASSWORD)
      expect((await signIn(PARIS, '192.0.2.10')).AuthenticationResult).toBeTruthy()
      await expect(
        app.admin('AdminListUserAuthEvents', { UserPoolId: poolId, Username: 'ana' }),
      ).rejects.toThrow(/UserPoolAddOnNotEnabledException/)
    })
  })
})
