import { describe, expect, it } from 'vitest'
import { testApp } from '../support/app'
import type { TestHandler } from '../support/functions'

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:pre-sign-up'

/** A Worker whose pool sends PreSignUp to a bound entrypoint's `preSignUp` method. */
async function poolWithPreSignUp(handler: TestHandler) {
  // biome-ignore lint/suspicious/noExplicitAny: the events are checked member by member below
  const events: any[] = []
  const app = testApp(
    { TRIGGER_TARGETS: JSON.stringify({ [ARN]: { service: 'TRIGGERS', method: 'preSignUp' } }) },
    {
      TRIGGERS: {
        preSignUp: async (event: unknown) => {
          events.push(structuredClone(event))
          return handler(event)
        },
      },
    },
  )
  const { UserPool } = (await app.admin('CreateUserPool', {
    PoolName: 'triggers',
    AutoVerifiedAttributes: ['email'],
    LambdaConfig: { PreSignUp: ARN },
  })) as { UserPool: { Id: string; LambdaConfig: unknown } }
  const { UserPoolClient } = (await app.admin('CreateUserPoolClient', {
    UserPoolId: UserPool.Id,
    ClientName: 'app',
  })) as { UserPoolClient: { ClientId: string } }
  const signUp = (Username: string, extra: object = {}) =>
    app.call(
      'SignUp',
      {
        ClientId: UserPoolClient.ClientId,
        Username,
        Password: 'Correct-Horse-42',
        UserAttributes: [{ Name: 'email', Value: `${Username}@example.com` }],
        ...extra,
      },
      { 'x-amz-user-agent': 'aws-sdk-js/3.1169.0 ua/2.1 api/cognito-identity-provider#3.1169.0' },
    )
  return { app, pool: UserPool, clientId: UserPoolClient.ClientId, events, signUp }
}

describe('the pre sign-up trigger on SignUp', () => {
  it('is sent Cognito’s event, and its autoConfirmUser and autoVerifyEmail are applied', async () => {
    const { app, pool, clientId, events, signUp } = await poolWithPreSignUp((event) => ({
      ...event,
      response: { autoConfirmUser: true, autoVerifyEmail: true, autoVerifyPhone: false },
    }))
    expect(pool.LambdaConfig).toEqual({ PreSignUp: ARN })
    const response = await signUp('ana', {
      ValidationData: [{ Name: 'invite', Value: 'x1' }],
      ClientMetadata: { source: 'web' },
    })
    expect(await response.json()).toMatchObject({ UserConfirmed: true })
    expect(events).toEqual([
      {
        version: '1',
        triggerSource: 'PreSignUp_SignUp',
        region: 'us-east-1',
        userPoolId: pool.Id,
        userName: 'ana',
        callerContext: { awsSdkVersion: 'aws-sdk-js-3.1169.0', clientId },
        request: {
          userAttributes: { email: 'ana@example.com' },
          validationData: { invite: 'x1' },
          clientMetadata: { source: 'web' },
        },
        response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
      },
    ])
    const user = await app.admin('AdminGetUser', { UserPoolId: pool.Id, Username: 'ana' })
    expect(user.UserStatus).toBe('CONFIRMED')
    expect(user.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' })
    expect(app.sent).toEqual([])
  })

  it("refuses the sign-up with the function's message and leaves no user behind", async () => {
    const { app, pool, signUp } = await poolWithPreSignUp(() => {
      throw new Error('Sign-ups from example.com are closed')
    })
    const response = await signUp('bo')
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      __type: 'UserLambdaValidationException',
      message: 'PreSignUp failed with error Sign-ups from example.com are closed.',
    })
    await expect(
      app.admin('AdminGetUser', { UserPoolId: pool.Id, Username: 'bo' }),
    ).rejects.toThrow(/UserNotFoundException/)
    expect(app.sent).toEqual([])
  })

  it('refuses an answer whose autoConfirmUser is not a boolean', async () => {
    const { signUp } = await poolWithPreSignUp((event) => ({
      ...event,
      response: { autoConfirmUser: 'yes' },
    }))
    expect(await (await signUp('cy')).json()).toMatchObject({
      __type: 'InvalidLambdaResponseException',
    })
  })

  it('leaves a pool without the trigger as it was', async () => {
    const app = testApp()
    const { UserPool } = (await app.admin('CreateUserPool', { PoolName: 'plain' })) as {
      UserPool: { Id: string }
    }
    const { UserPoolClient } = (await app.admin('CreateUserPoolClient', {
      UserPoolId: UserPool.Id,
      ClientName: 'c',
    })) as {
      UserPoolClient: { ClientId: string }
    }
    const response = await app.call('SignUp', {
      ClientId: UserPoolClient.ClientId,
      Username: 'di',
      Password: 'Correct-Horse-42',
    })
    expect(await response.json()).toMatchObject({ UserConfirmed: false })
  })

  it('refuses a LambdaConfig whose ARN is not an ARN', async () => {
    const app = testApp()
    await expect(
      app.admin('CreateUserPool', {
        PoolName: 'bad',
        LambdaConfig: { PreSignUp: 'not-an-arn-at-all-x' },
      }),
    ).rejects.toThrow(/InvalidParameterException/)
  })
})
