import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  NotAuthorizedException,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
  type IAuthenticationCallback,
} from 'amazon-cognito-identity-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminClient, publicClient } from './support/clients'
import { functionArn, startWorkerWithTriggers } from './support/trigger-functions'
import type { RunningWorker } from './support/worker'

const PASSWORD = 'Custom-Auth-Pass-42'

/** How a sign-in driven through the library's callbacks ended, and the challenges it was shown. */
interface Outcome {
  challenges: Array<Record<string, string>>
  session?: CognitoUserSession
  error?: { code: string; message: string }
}

/**
 * Answers each CUSTOM_CHALLENGE with the next of `answers` through sendCustomChallengeAnswer,
 * as an app would, until the library reports success or failure.
 */
function drive(
  user: CognitoUser,
  start: (callbacks: IAuthenticationCallback) => void,
  answers: string[],
): Promise<Outcome> {
  const challenges: Array<Record<string, string>> = []
  return new Promise((resolve) => {
    const callbacks: IAuthenticationCallback = {
      onSuccess: (session: CognitoUserSession) => resolve({ challenges, session }),
      onFailure: (error) => resolve({ challenges, error }),
      customChallenge: (parameters) => {
        challenges.push(parameters)
        const answer = answers.shift()
        if (answer === undefined) resolve({ challenges })
        else user.sendCustomChallengeAnswer(answer, callbacks)
      },
    }
    start(callbacks)
  })
}

/**
 * CUSTOM_AUTH with amazon-cognito-identity-js, against Portcullis with the challenge functions of
 * test/e2e/fixtures/triggers/functions/custom-auth.ts bound as a service: the code a user must
 * answer is their nickname, the stand-in for a code the function would have sent.
 */
describe('custom authentication challenges, with amazon-cognito-identity-js', () => {
  let worker: RunningWorker
  let userPool: CognitoUserPool
  let sdk: CognitoIdentityProviderClient
  let otherClientId: string

  beforeAll(async () => {
    worker = await startWorkerWithTriggers()
    const admin = adminClient(worker)
    const pool = await admin.send(
      new CreateUserPoolCommand({
        PoolName: 'custom-auth',
        LambdaConfig: {
          DefineAuthChallenge: functionArn('defineAuthChallenge'),
          CreateAuthChallenge: functionArn('createAuthChallenge'),
          VerifyAuthChallengeResponse: functionArn('verifyAuthChallengeResponse'),
        },
      }),
    )
    const poolId = pool.UserPool!.Id!
    const client = await admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'app',
        ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    )
    for (const [Username, code] of [
      ['cara', '271828'],
      ['dev', '141421'],
    ] as const) {
      await admin.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username,
          UserAttributes: [{ Name: 'nickname', Value: code }],
          MessageAction: 'SUPPRESS',
        }),
      )
      await admin.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: poolId,
          Username,
          Password: PASSWORD,
          Permanent: true,
        }),
      )
    }
    otherClientId = (
      await admin.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'other' }))
    ).UserPoolClient!.ClientId!
    sdk = publicClient(worker)
    userPool = new CognitoUserPool({
      UserPoolId: poolId,
      ClientId: client.UserPoolClient!.ClientId!,
      endpoint: worker.endpoint,
    })
  })
  afterAll(() => worker?.stop())

  const cognitoUser = (Username: string) => {
    const user = new CognitoUser({ Username, Pool: userPool })
    user.setAuthenticationFlowType('CUSTOM_AUTH')
    return user
  }

  it('signs in without a password: a wrong code gets another challenge, the right one tokens', async () => {
    const user = cognitoUser('cara')
    const outcome = await drive(
      user,
      (callbacks) => user.initiateAuth(new AuthenticationDetails({ Username: 'cara' }), callbacks),
      ['000000', '271828'],
    )
    expect(outcome.error).toBeUndefined()
    expect(outcome.challenges).toEqual([
      { prompt: 'Enter the code we sent you', history: '', USERNAME: 'cara' },
      { prompt: 'Enter the code we sent you', history: 'CUSTOM_CHALLENGE:false', USERNAME: 'cara' },
    ])
    expect(outcome.session!.isValid()).toBe(true)
    expect(outcome.session!.getIdToken().decodePayload()['cognito:username']).toBe('cara')
  })

  it('fails the sign-in after three wrong codes, as Define decides', async () => {
    const user = cognitoUser('cara')
    const outcome = await drive(
      user,
      (callbacks) => user.initiateAuth(new AuthenticationDetails({ Username: 'cara' }), callbacks),
      ['1', '2', '3', '271828'],
    )
    expect(outcome.challenges).toHaveLength(3)
    expect(outcome.session).toBeUndefined()
    expect(outcome.error).toMatchObject({
      code: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    })
  })

  it('verifies the password with SRP first, then asks for the code', async () => {
    const user = cognitoUser('dev')
    const outcome = await drive(
      user,
      (callbacks) =>
        user.authenticateUser(
          new AuthenticationDetails({ Username: 'dev', Password: PASSWORD }),
          callbacks,
        ),
      ['141421'],
    )
    expect(outcome.error).toBeUndefined()
    expect(outcome.challenges).toEqual([
      {
        prompt: 'Enter the code we sent you',
        history: 'SRP_A:true,PASSWORD_VERIFIER:true',
        USERNAME: 'dev',
      },
    ])
    expect(outcome.session!.getAccessToken().decodePayload().username).toBe('dev')
  })

  it('refuses a wrong password before any custom challenge', async () => {
    const user = cognitoUser('dev')
    const outcome = await drive(
      user,
      (callbacks) =>
        user.authenticateUser(
          new AuthenticationDetails({ Username: 'dev', Password: 'Wrong-Pass-42' }),
          callbacks,
        ),
      ['141421'],
    )
    expect(outcome.challenges).toEqual([])
    expect(outcome.error).toMatchObject({
      code: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    })
  })

  it('refuses a Session replayed after a wrong answer, and one taken to another client', async () => {
    const ClientId = userPool.getClientId()
    const started = await sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'CUSTOM_AUTH',
        ClientId,
        AuthParameters: { USERNAME: 'cara' },
      }),
    )
    const answer = (Session: string, ANSWER: string, client = ClientId) =>
      sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: client,
          ChallengeName: 'CUSTOM_CHALLENGE',
          Session,
          ChallengeResponses: { USERNAME: 'cara', ANSWER },
        }),
      )
    const wrong = await answer(started.Session!, '000000')
    expect(wrong.ChallengeName).toBe('CUSTOM_CHALLENGE')
    const replayed = await answer(started.Session!, '271828').catch((error: unknown) => error)
    expect(replayed).toBeInstanceOf(NotAuthorizedException)
    expect((replayed as Error).message).toBe('Invalid session for the user, session is expired.')
    const moved = await answer(wrong.Session!, '271828', otherClientId).catch(
      (error: unknown) => error,
    )
    expect(moved).toBeInstanceOf(NotAuthorizedException)
    // The Session itself is still good where it was issued.
    expect((await answer(wrong.Session!, '271828')).AuthenticationResult?.IdToken).toBeTruthy()
  })
})
