import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { testApp, type TestApp } from '../support/app'
import { callFrom, PARIS } from './support'

const LEAKED = 'Corpus-Listed-Pass-7'
const FRESH = 'Never-Seen-Before-93'

/**
 * A simulated breach corpus in the shape of Have I Been Pwned's range API: `GET /range/{prefix}`
 * answers the suffixes of the SHA-1 hashes it holds that start with the prefix, with counts.
 */
function simulatedRangeApi(
  passwords: string[],
): Promise<{ server: Server; url: string; asked: string[] }> {
  const hashes = passwords.map((p) => createHash('sha1').update(p).digest('hex').toUpperCase())
  const asked: string[] = []
  const server = createServer((request, response) => {
    const prefix = (request.url ?? '').split('/').pop() ?? ''
    asked.push(prefix)
    const lines = hashes
      .filter((hash) => hash.startsWith(prefix))
      .map((hash) => `${hash.slice(5)}:42`)
    response.end([...lines, '0000000000000000000000000000000000A:0'].join('\r\n'))
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/range`,
        asked,
      }),
    ),
  )
}

describe('compromised credentials with a simulated breach corpus', () => {
  let corpus: Awaited<ReturnType<typeof simulatedRangeApi>>
  let app: TestApp
  let poolId: string
  let clientId: string

  beforeAll(async () => {
    corpus = await simulatedRangeApi([LEAKED])
  })
  afterAll(() => new Promise<void>((resolve) => corpus.server.close(() => resolve())))

  const signUp = (username: string, password: string) =>
    callFrom(app, { cf: PARIS, ip: '192.0.2.10' }, 'SignUp', {
      ClientId: clientId,
      Username: username,
      Password: password,
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    })
  const signIn = (username: string, password: string) =>
    callFrom(app, { cf: PARIS, ip: '192.0.2.10' }, 'InitiateAuth', {
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
    })
  const protect = (mode: 'AUDIT' | 'ENFORCED', action: 'BLOCK' | 'NO_ACTION') =>
    app
      .admin('UpdateUserPool', {
        UserPoolId: poolId,
        UserPoolAddOns: { AdvancedSecurityMode: mode },
      })
      .then(() =>
        app.admin('SetRiskConfiguration', {
          UserPoolId: poolId,
          CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: action } },
        }),
      )

  beforeEach(async () => {
    app = testApp({ BREACH_CORPUS_RANGE_URL: corpus.url })
    poolId = (
      (await app.admin('CreateUserPool', { PoolName: 'cc' })) as { UserPool: { Id: string } }
    ).UserPool.Id
    clientId = (
      (await app.admin('CreateUserPoolClient', {
        UserPoolId: poolId,
        ClientName: 'app',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
      })) as { UserPoolClient: { ClientId: string } }
    ).UserPoolClient.ClientId
    // Before threat protection: the corpus is not asked, the password is taken.
    expect((await signUp('early', LEAKED)).UserSub).toBeTruthy()
    await app.admin('AdminConfirmSignUp', { UserPoolId: poolId, Username: 'early' })
  })

  it('sends only five characters of the hash', async () => {
    await protect('ENFORCED', 'BLOCK')
    corpus.asked.length = 0
    await signUp('late', FRESH)
    expect(corpus.asked).toEqual([
      createHash('sha1').update(FRESH).digest('hex').toUpperCase().slice(0, 5),
    ])
  })

  it('ENFORCED with BLOCK: refuses it at sign-up and makes its holder RESET_REQUIRED at sign-in', async () => {
    await protect('ENFORCED', 'BLOCK')
    expect(await signUp('late', LEAKED)).toMatchObject({ __type: 'InvalidPasswordException' })
    expect((await signUp('late', FRESH)).UserSub).toBeTruthy()
    expect(await signIn('early', LEAKED)).toMatchObject({
      __type: 'PasswordResetRequiredException',
      message: 'Password reset required for the user',
    })
    const user = (await app.admin('AdminGetUser', { UserPoolId: poolId, Username: 'early' })) as {
      UserStatus: string
    }
    expect(user.UserStatus).toBe('RESET_REQUIRED')
    const events = (await app.admin('AdminListUserAuthEvents', {
      UserPoolId: poolId,
      Username: 'early',
    })) as { AuthEvents: Array<Record<string, unknown>> }
    expect(events.AuthEvents[0]).toMatchObject({
      EventType: 'SignIn',
      EventResponse: 'Fail',
      EventRisk: { CompromisedCredentialsDetected: true, RiskDecision: 'Block' },
    })
    // A wrong password tells nothing about the corpus.
    expect(await signIn('early', 'Wrong-Password-11')).toMatchObject({
      __type: 'NotAuthorizedException',
    })
  })

  it('AUDIT: lets the sign-in through and records the detection', async () => {
    await protect('AUDIT', 'BLOCK')
    expect((await signIn('early', LEAKED)).AuthenticationResult).toBeTruthy()
    const events = (await app.admin('AdminListUserAuthEvents', {
      UserPoolId: poolId,
      Username: 'early',
    })) as { AuthEvents: Array<Record<string, unknown>> }
    expect(events.AuthEvents[0]).toMatchObject({
      EventResponse: 'Pass',
      EventRisk: { CompromisedCredentialsDetected: true },
    })
  })

  it('fails open when the corpus cannot be reached', async () => {
    app = app.withVariables({ BREACH_CORPUS_RANGE_URL: 'http://127.0.0.1:9/range' })
    await protect('ENFORCED', 'BLOCK')
    expect((await signIn('early', LEAKED)).AuthenticationResult).toBeTruthy()
  })

  describe('a password chosen by an administrator or for NEW_PASSWORD_REQUIRED (PASSWORD_CHANGE)', () => {
    const adminSet = (password: string, permanent: boolean) =>
      app.admin('AdminSetUserPassword', {
        UserPoolId: poolId,
        Username: 'early',
        Password: password,
        Permanent: permanent,
      })
    /** The error type AdminSetUserPassword answers, or undefined when it sets the password. */
    const adminSetError = (password: string, permanent: boolean) =>
      adminSet(password, permanent).then(
        () => undefined,
        (error: Error) => /"__type":"(\w+)"/.exec(error.message)?.[1] ?? error.message,
      )
    /** A NEW_PASSWORD_REQUIRED answer choosing `password` after a temporary one. */
    const answerNewPassword = async (password: string) => {
      await adminSet(FRESH, false)
      const challenge = await signIn('early', FRESH)
      expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED')
      return callFrom(app, { cf: PARIS, ip: '192.0.2.10' }, 'RespondToAuthChallenge', {
        ClientId: clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: 'early', NEW_PASSWORD: password },
      })
    }
    const filtered = (events: string[]) =>
      app.admin('SetRiskConfiguration', {
        UserPoolId: poolId,
        CompromisedCredentialsRiskConfiguration: {
          EventFilter: events,
          Actions: { EventAction: 'BLOCK' },
        },
      })

    it.each([
      ['AdminSetUserPassword, permanent', (p: string) => adminSetError(p, true)],
      ['AdminSetUserPassword, temporary', (p: string) => adminSetError(p, false)],
      [
        'the NEW_PASSWORD_REQUIRED answer',
        async (p: string) => (await answerNewPassword(p)).__type,
      ],
    ])(
      '%s: refused under ENFORCED with BLOCK, only where PASSWORD_CHANGE is checked',
      async (_name, choose) => {
        await protect('ENFORCED', 'BLOCK')
        expect(await choose(LEAKED)).toBe('InvalidPasswordException')
        await filtered(['SIGN_IN', 'SIGN_UP'])
        expect(await choose(LEAKED)).toBeUndefined()
        await filtered(['PASSWORD_CHANGE'])
        expect(await choose(LEAKED)).toBe('InvalidPasswordException')
        expect(await choose(FRESH)).toBeUndefined()
        await protect('AUDIT', 'BLOCK')
        expect(await choose(LEAKED)).toBeUndefined()
      },
    )
  })
})
