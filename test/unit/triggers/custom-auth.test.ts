import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import * as cognitoIdentityJs from 'amazon-cognito-identity-js'
import { describe, expect, it } from 'vitest'
import { MAX_CUSTOM_CHALLENGES } from '../../../src/userpool/auth/custom-auth'
import { testApp } from '../support/app'
import { type TestHandler, withPlaceholders } from '../support/functions'

const DEFINE = 'arn:aws:lambda:us-east-1:123456789012:function:define'
const CREATE = 'arn:aws:lambda:us-east-1:123456789012:function:create'
const VERIFY = 'arn:aws:lambda:us-east-1:123456789012:function:verify'
const SDK = {
  'x-amz-user-agent': 'aws-sdk-js/3.1169.0 ua/2.1 api/cognito-identity-provider#3.1169.0',
}
const PASSWORD = 'Correct-Horse-42'
/** What Define answers for a history: the guide's example, with three tries at the code. */
const defineWithThreeTries: TestHandler = (event) => {
  const session = event.request.session as Array<{
    challengeName: string
    challengeResult: boolean
  }>
  const last = session.at(-1)
  const response =
    last?.challengeName === 'SRP_A'
      ? { challengeName: 'PASSWORD_VERIFIER', issueTokens: false, failAuthentication: false }
      : last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult
        ? { issueTokens: true, failAuthentication: false }
        : session.filter((entry) => entry.challengeName === 'CUSTOM_CHALLENGE').length >= 3
          ? { issueTokens: false, failAuthentication: true }
          : { challengeName: 'CUSTOM_CHALLENGE', issueTokens: false, failAuthentication: false }
  return { ...event, response }
}
/** The code is the user's nickname here, standing in for one a function would have sent. */
const createCode: TestHandler = (event) => ({
  ...event,
  response: {
    publicChallengeParameters: { question: 'code', attempt: String(event.request.session.length) },
    privateChallengeParameters: { answer: event.request.userAttributes.nickname ?? 'none' },
    challengeMetadata: `CODE-${event.request.session.length}`,
  },
})
const verifyCode: TestHandler = (event) => ({
  ...event,
  response: {
    answerCorrect:
      event.request.challengeAnswer === event.request.privateChallengeParameters.answer,
  },
})

interface Setup {
  define?: TestHandler
  create?: TestHandler
  verify?: TestHandler
  client?: Record<string, unknown>
}

/** A pool with the three challenge triggers bound to in-process functions, and a user `ana`. */
async function customAuthPool(setup: Setup = {}) {
  // biome-ignore lint/suspicious/noExplicitAny: the events are compared with golden files
  const events: any[] = []
  const handlers: Record<string, TestHandler> = {
    define: setup.define ?? defineWithThreeTries,
    create: setup.create ?? createCode,
    verify: setup.verify ?? verifyCode,
  }
  const recorded = (name: string) => async (event: unknown) => {
    events.push(structuredClone(event))
    return handlers[name]!(event)
  }
  const app = testApp(
    {
      TRIGGER_TARGETS: JSON.stringify({
        [DEFINE]: { service: 'TRIGGERS', method: 'define' },
        [CREATE]: { service: 'TRIGGERS', method: 'create' },
        [VERIFY]: { service: 'TRIGGERS', method: 'verify' },
      }),
    },
    {
      TRIGGERS: {
        define: recorded('define'),
        create: recorded('create'),
        verify: recorded('verify'),
      },
    },
  )
  const { UserPool } = (await app.admin('CreateUserPool', {
    PoolName: 'custom',
    LambdaConfig: {
      DefineAuthChallenge: DEFINE,
      CreateAuthChallenge: CREATE,
      VerifyAuthChallengeResponse: VERIFY,
    },
  })) as { UserPool: { Id: string } }
  const newClient = async (extra: Record<string, unknown> = {}) =>
    (
      (await app.admin('CreateUserPoolClient', {
        UserPoolId: UserPool.Id,
        ClientName: 'app',
        ...extra,
      })) as { UserPoolClient: { ClientId: string } }
    ).UserPoolClient.ClientId
  const clientId = await newClient(setup.client)
  await app.admin('AdminCreateUser', {
    UserPoolId: UserPool.Id,
    Username: 'ana',
    UserAttributes: [{ Name: 'nickname', Value: '424242' }],
    MessageAction: 'SUPPRESS',
  })
  await app.admin('AdminSetUserPassword', {
    UserPoolId: UserPool.Id,
    Username: 'ana',
    Password: PASSWORD,
    Permanent: true,
  })
  const user = await app.admin('AdminGetUser', { UserPoolId: UserPool.Id, Username: 'ana' })
  const sub = (user.UserAttributes as Array<{ Name: string; Value: string }>).find(
    (a) => a.Name === 'sub',
  )!.Value
  // biome-ignore lint/suspicious/noExplicitAny: responses are read member by member
  const json = async (response: Response): Promise<any> => response.json()
  const initiate = async (parameters: Record<string, string>, extra: object = {}, id = clientId) =>
    json(
      await app.call(
        'InitiateAuth',
        { AuthFlow: 'CUSTOM_AUTH', ClientId: id, AuthParameters: parameters, ...extra },
        SDK,
      ),
    )
  const answer = async (Session: string, ANSWER: string, extra: object = {}, id = clientId) =>
    json(
      await app.call(
        'RespondToAuthChallenge',
        {
          ChallengeName: 'CUSTOM_CHALLENGE',
          ClientId: id,
          Session,
          ChallengeResponses: { USERNAME: 'ana', ANSWER },
          ...extra,
        },
        SDK,
      ),
    )
  const names = { '<userPoolId>': UserPool.Id, '<clientId>': clientId, '<sub>': sub }
  return { app, poolId: UserPool.Id, clientId, newClient, events, initiate, answer, names }
}

const golden = (source: string) =>
  JSON.parse(readFileSync(new URL(`golden/${source}.json`, import.meta.url), 'utf8'))

describe('CUSTOM_AUTH with the challenge triggers', () => {
  it('signs in without a password: Define, Create, then Verify and Define again, as Cognito sends them', async () => {
    const { initiate, answer, events, names } = await customAuthPool()
    const challenge = await initiate({ USERNAME: 'ana' }, { ClientMetadata: { from: 'initiate' } })
    expect(challenge).toMatchObject({
      ChallengeName: 'CUSTOM_CHALLENGE',
      ChallengeParameters: { question: 'code', attempt: '0', USERNAME: 'ana' },
    })
    expect(typeof challenge.Session).toBe('string')
    // The private parameters travel sealed: the Session does not show them.
    expect(challenge.Session).not.toContain('424242')
    const done = await answer(challenge.Session, '424242', { ClientMetadata: { from: 'respond' } })
    expect(done.AuthenticationResult).toMatchObject({ TokenType: 'Bearer' })
    expect(events.map((e) => e.triggerSource)).toEqual([
      'DefineAuthChallenge_Authentication',
      'CreateAuthChallenge_Authentication',
      'VerifyAuthChallengeResponse_Authentication',
      'DefineAuthChallenge_Authentication',
    ])
    // InitiateAuth's ClientMetadata is not passed to these functions; RespondToAuthChallenge's is.
    expect(withPlaceholders(events[0], names)).toEqual(golden('DefineAuthChallenge_Authentication'))
    expect(withPlaceholders(events[1], names)).toEqual(golden('CreateAuthChallenge_Authentication'))
    expect(withPlaceholders(events[2], names)).toEqual(
      golden('VerifyAuthChallengeResponse_Authentication'),
    )
    expect(events[3].request.session).toEqual([
      { challengeName: 'CUSTOM_CHALLENGE', challengeResult: true, challengeMetadata: 'CODE-0' },
    ])
    expect(events[3].request.clientMetadata).toEqual({ from: 'respond' })
  })

  it('leads to the second factor the user owes once Define says issueTokens (SMS_MFA)', async () => {
    const { app, poolId, clientId, initiate, answer } = await customAuthPool()
    await app.admin('SetUserPoolMfaConfig', {
      UserPoolId: poolId,
      MfaConfiguration: 'OPTIONAL',
      SmsMfaConfiguration: {
        SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sms' },
      },
    })
    await app.admin('AdminUpdateUserAttributes', {
      UserPoolId: poolId,
      Username: 'ana',
      UserAttributes: [{ Name: 'phone_number', Value: '+15555550166' }],
    })
    await app.admin('AdminSetUserMFAPreference', {
      UserPoolId: poolId,
      Username: 'ana',
      SMSMfaSettings: { Enabled: true },
    })
    const challenge = await initiate({ USERNAME: 'ana' })
    const mfa = await answer(challenge.Session, '424242')
    expect(mfa).toMatchObject({
      ChallengeName: 'SMS_MFA',
      ChallengeParameters: { CODE_DELIVERY_DESTINATION: '+*******0166' },
    })
    expect(mfa.AuthenticationResult).toBeUndefined()
    const response = await app.call(
      'RespondToAuthChallenge',
      {
        ChallengeName: 'SMS_MFA',
        ClientId: clientId,
        Session: mfa.Session,
        ChallengeResponses: { USERNAME: 'ana', SMS_MFA_CODE: app.sent.at(-1)!.code },
      },
      SDK,
    )
    expect(
      ((await response.json()) as { AuthenticationResult?: object }).AuthenticationResult,
    ).toMatchObject({
      TokenType: 'Bearer',
    })
  })

  it('gives a wrong answer another challenge, then fails after Define says so', async () => {
    const { initiate, answer, events } = await customAuthPool()
    let { Session } = await initiate({ USERNAME: 'ana' })
    for (const attempt of ['1', '2']) {
      const next = await answer(Session, 'wrong')
      expect(next).toMatchObject({
        ChallengeName: 'CUSTOM_CHALLENGE',
        ChallengeParameters: { attempt },
      })
      Session = next.Session
    }
    expect(await answer(Session, 'wrong')).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    })
    expect(
      events.at(-1).request.session.map((e: { challengeResult: boolean }) => e.challengeResult),
    ).toEqual([false, false, false])
  })

  it('refuses a Session answered before: a wrong answer replayed gets no extra attempt', async () => {
    const { initiate, answer, events } = await customAuthPool()
    const { Session } = await initiate({ USERNAME: 'ana' })
    expect((await answer(Session, 'wrong')).ChallengeName).toBe('CUSTOM_CHALLENGE')
    const verifies = events.filter((e) => e.triggerSource.startsWith('Verify')).length
    for (const guess of ['wrong', '424242']) {
      expect(await answer(Session, guess)).toEqual({
        __type: 'NotAuthorizedException',
        message: 'Invalid session for the user, session is expired.',
      })
    }
    expect(events.filter((e) => e.triggerSource.startsWith('Verify')).length).toBe(verifies)
  })

  it('counts two answers sent at once with one Session as one', async () => {
    const { initiate, answer, events } = await customAuthPool()
    const { Session } = await initiate({ USERNAME: 'ana' })
    const results = await Promise.all([answer(Session, 'wrong'), answer(Session, 'also wrong')])
    expect(results.map((r) => r.ChallengeName ?? r.__type).sort()).toEqual([
      'CUSTOM_CHALLENGE',
      'NotAuthorizedException',
    ])
    expect(events.filter((e) => e.triggerSource.startsWith('Verify'))).toHaveLength(1)
  })

  it('refuses a Session from another client, another pool, or past AuthSessionValidity', async () => {
    const { app, initiate, answer, newClient } = await customAuthPool()
    const other = await newClient()
    const first = await initiate({ USERNAME: 'ana' })
    expect((await answer(first.Session, '424242', {}, other)).__type).toBe('NotAuthorizedException')
    const elsewhere = await customAuthPool()
    expect((await elsewhere.answer(first.Session, '424242')).__type).toBe('NotAuthorizedException')
    const second = await initiate({ USERNAME: 'ana' })
    app.advance(3 * 60_000 + 1)
    expect(await answer(second.Session, '424242')).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Invalid session for the user, session is expired.',
    })
  })

  it(`stops a sign-in whose Define never decides after ${MAX_CUSTOM_CHALLENGES} challenges`, async () => {
    const { initiate, answer, events } = await customAuthPool({
      define: (event) => ({
        ...event,
        response: {
          challengeName: 'CUSTOM_CHALLENGE',
          issueTokens: false,
          failAuthentication: false,
        },
      }),
    })
    let { Session } = await initiate({ USERNAME: 'ana' })
    for (let round = 1; round < MAX_CUSTOM_CHALLENGES; round++) {
      const next = await answer(Session, 'wrong')
      expect(next.ChallengeName).toBe('CUSTOM_CHALLENGE')
      Session = next.Session
    }
    expect(await answer(Session, 'wrong')).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    })
    expect(events.filter((e) => e.triggerSource.startsWith('Verify')).length).toBe(
      MAX_CUSTOM_CHALLENGES,
    )
  })

  it('is refused for a client without ALLOW_CUSTOM_AUTH, and for a pool without the triggers', async () => {
    const { initiate, events } = await customAuthPool({
      client: { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
    })
    expect(await initiate({ USERNAME: 'ana' })).toMatchObject({
      __type: 'InvalidParameterException',
    })
    expect(events).toEqual([])
    const app = testApp()
    const { UserPool } = (await app.admin('CreateUserPool', { PoolName: 'plain' })) as {
      UserPool: { Id: string }
    }
    const { UserPoolClient } = (await app.admin('CreateUserPoolClient', {
      UserPoolId: UserPool.Id,
      ClientName: 'c',
    })) as { UserPoolClient: { ClientId: string } }
    const response = await app.call('InitiateAuth', {
      AuthFlow: 'CUSTOM_AUTH',
      ClientId: UserPoolClient.ClientId,
      AuthParameters: { USERNAME: 'x' },
    })
    expect(await response.json()).toMatchObject({ __type: 'InvalidParameterException' })
  })

  it('answers an unknown name with UserNotFoundException, before any function runs', async () => {
    const { initiate, events } = await customAuthPool({
      client: { PreventUserExistenceErrors: 'LEGACY' },
    })
    expect(await initiate({ USERNAME: 'nobody' })).toEqual({
      __type: 'UserNotFoundException',
      message: 'User does not exist.',
    })
    expect(events).toEqual([])
  })

  it('with PreventUserExistenceErrors, runs the functions with userNotFound and never issues tokens', async () => {
    const { initiate, answer, events } = await customAuthPool({
      client: { PreventUserExistenceErrors: 'ENABLED' },
      // A careless Define that would let anyone in.
      define: (event) => ({
        ...event,
        response:
          event.request.session.length === 0
            ? { challengeName: 'CUSTOM_CHALLENGE', issueTokens: false, failAuthentication: false }
            : { issueTokens: true, failAuthentication: false },
      }),
      verify: (event) => ({ ...event, response: { answerCorrect: true } }),
    })
    const challenge = await initiate({ USERNAME: 'nobody' })
    expect(challenge.ChallengeName).toBe('CUSTOM_CHALLENGE')
    expect(events[0].request).toEqual({ userAttributes: {}, session: [], userNotFound: true })
    expect(events[0].userName).toBe('nobody')
    const result = await answerAsChallenged(answer, challenge)
    expect(result).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    })
    // A real user on the same client is told userNotFound: false.
    await initiate({ USERNAME: 'ana' })
    expect(events.at(-2).request.userNotFound).toBe(false)
  })

  it('surfaces a function’s error as UserLambdaValidationException and issues no Session', async () => {
    const { initiate } = await customAuthPool({
      create: () => {
        throw new Error('no code today')
      },
    })
    expect(await initiate({ USERNAME: 'ana' })).toEqual({
      __type: 'UserLambdaValidationException',
      message: 'CreateAuthChallenge failed with error no code today.',
    })
  })

  it('runs the same flow through AdminInitiateAuth and AdminRespondToAuthChallenge', async () => {
    const { app, poolId, clientId, events } = await customAuthPool()
    const challenge = await app.admin('AdminInitiateAuth', {
      UserPoolId: poolId,
      ClientId: clientId,
      AuthFlow: 'CUSTOM_AUTH',
      AuthParameters: { USERNAME: 'ana' },
    })
    expect(challenge.ChallengeName).toBe('CUSTOM_CHALLENGE')
    const done = await app.admin('AdminRespondToAuthChallenge', {
      UserPoolId: poolId,
      ClientId: clientId,
      ChallengeName: 'CUSTOM_CHALLENGE',
      Session: challenge.Session,
      ChallengeResponses: { USERNAME: 'ana', ANSWER: '424242' },
    })
    expect(done.AuthenticationResult).toMatchObject({ TokenType: 'Bearer' })
    expect(events[0].callerContext.clientId).toBe(clientId)
  })

  it('ends as other sign-ins do: a user with a temporary password must choose one', async () => {
    const { app, poolId, initiate, answer } = await customAuthPool()
    await app.admin('AdminCreateUser', {
      UserPoolId: poolId,
      Username: 'bo',
      TemporaryPassword: 'Temporary-Pass-42',
      UserAttributes: [{ Name: 'nickname', Value: '777' }],
      MessageAction: 'SUPPRESS',
    })
    const challenge = await initiate({ USERNAME: 'bo' })
    const next = await answer(challenge.Session, '777', {
      ChallengeResponses: { USERNAME: 'bo', ANSWER: '777' },
    })
    expect(next.ChallengeName).toBe('NEW_PASSWORD_REQUIRED')
    expect(next.AuthenticationResult).toBeUndefined()
  })

  it('refuses a Define answer naming a challenge that is not a custom one', async () => {
    const { initiate } = await customAuthPool({
      define: (event) => ({ ...event, response: { challengeName: 'SMS_MFA' } }),
    })
    expect((await initiate({ USERNAME: 'ana' })).__type).toBe('InvalidLambdaResponseException')
  })
})

/** The unknown user's USERNAME is the phantom one the challenge named. */
async function answerAsChallenged(
  answer: (session: string, value: string, extra?: object) => Promise<unknown>,
  challenge: { Session: string; ChallengeParameters: { USERNAME: string } },
) {
  return answer(challenge.Session, 'anything', {
    ChallengeResponses: { USERNAME: challenge.ChallengeParameters.USERNAME, ANSWER: 'anything' },
  })
}

/** The library's own big-number type and SRP helper, as in the SRP tests. */
interface BigNumber {
  toString(radix: number): string
  constructor: new (value: string, radix: number) => BigNumber
}
interface ClientHelper {
  getLargeAValue(callback: (error: unknown, value: BigNumber) => void): void
  getPasswordAuthenticationKey(
    userId: string,
    password: string,
    serverB: unknown,
    salt: unknown,
    callback: (error: unknown, key: Buffer) => void,
  ): void
}

/** A client's side of SRP, from amazon-cognito-identity-js: A, then the claim for a challenge. */
async function srpClient(poolName: string) {
  const { AuthenticationHelper } = cognitoIdentityJs as unknown as {
    AuthenticationHelper: new (poolName: string) => ClientHelper
  }
  const helper = new AuthenticationHelper(poolName)
  const largeA = await new Promise<BigNumber>((resolve, reject) =>
    helper.getLargeAValue((error, value) => (error ? reject(error) : resolve(value))),
  )
  const Big = largeA.constructor
  const timestamp = 'Thu Jan 1 12:00:00 UTC 2026'
  return {
    A: largeA.toString(16),
    async responses(parameters: Record<string, string>, password: string) {
      const userId = parameters.USER_ID_FOR_SRP!
      const key = await new Promise<Buffer>((resolve, reject) =>
        helper.getPasswordAuthenticationKey(
          userId,
          password,
          new Big(parameters.SRP_B!, 16),
          new Big(parameters.SALT!, 16),
          (error, hkdf) => (error ? reject(error) : resolve(hkdf)),
        ),
      )
      const signature = createHmac('sha256', key)
        .update(
          Buffer.concat([
            Buffer.from(poolName),
            Buffer.from(userId),
            Buffer.from(parameters.SECRET_BLOCK!, 'base64'),
            Buffer.from(timestamp),
          ]),
        )
        .digest('base64')
      return {
        USERNAME: userId,
        PASSWORD_CLAIM_SECRET_BLOCK: parameters.SECRET_BLOCK!,
        PASSWORD_CLAIM_SIGNATURE: signature,
        TIMESTAMP: timestamp,
      }
    },
  }
}

describe('SRP, then custom challenges', () => {
  it('shows Define SRP_A, then PASSWORD_VERIFIER, then the custom challenge', async () => {
    const { app, poolId, clientId, initiate, answer, events } = await customAuthPool()
    const client = await srpClient(poolId.slice(poolId.indexOf('_') + 1))
    const verifier = await initiate({ USERNAME: 'ana', CHALLENGE_NAME: 'SRP_A', SRP_A: client.A })
    expect(verifier).toMatchObject({ ChallengeName: 'PASSWORD_VERIFIER' })
    expect(typeof verifier.Session).toBe('string')
    expect(events[0].request.session).toEqual([{ challengeName: 'SRP_A', challengeResult: true }])
    const custom = (await (
      await app.call('RespondToAuthChallenge', {
        ChallengeName: 'PASSWORD_VERIFIER',
        ClientId: clientId,
        Session: verifier.Session,
        ChallengeResponses: await client.responses(verifier.ChallengeParameters, PASSWORD),
      })
    ).json()) as { ChallengeName: string; Session: string }
    expect(custom.ChallengeName).toBe('CUSTOM_CHALLENGE')
    expect(events[1].request.session).toEqual([
      { challengeName: 'SRP_A', challengeResult: true },
      { challengeName: 'PASSWORD_VERIFIER', challengeResult: true },
    ])
    expect((await answer(custom.Session, '424242')).AuthenticationResult).toBeDefined()
  })

  it('refuses the password claim without the sign-in’s Session, so the custom challenge cannot be skipped', async () => {
    const { app, poolId, clientId, initiate } = await customAuthPool()
    const client = await srpClient(poolId.slice(poolId.indexOf('_') + 1))
    const verifier = await initiate({ USERNAME: 'ana', CHALLENGE_NAME: 'SRP_A', SRP_A: client.A })
    const response = await app.call('RespondToAuthChallenge', {
      ChallengeName: 'PASSWORD_VERIFIER',
      ClientId: clientId,
      ChallengeResponses: await client.responses(verifier.ChallengeParameters, PASSWORD),
    })
    expect(await response.json()).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Invalid secret block or it has expired.',
    })
  })

  it('answers a wrong password as USER_SRP_AUTH does, without asking Define again', async () => {
    const { app, poolId, clientId, initiate, events } = await customAuthPool()
    const client = await srpClient(poolId.slice(poolId.indexOf('_') + 1))
    const verifier = await initiate({ USERNAME: 'ana', CHALLENGE_NAME: 'SRP_A', SRP_A: client.A })
    const response = await app.call('RespondToAuthChallenge', {
      ChallengeName: 'PASSWORD_VERIFIER',
      ClientId: clientId,
      Session: verifier.Session,
      ChallengeResponses: await client.responses(verifier.ChallengeParameters, 'Wrong-Horse-42'),
    })
    expect(await response.json()).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    })
    expect(events).toHaveLength(1)
  })
})
