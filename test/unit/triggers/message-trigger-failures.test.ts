import { describe, expect, it } from 'vitest'
import { testApp } from '../support/app'
import type { TestHandler } from '../support/functions'

const arn = 'arn:aws:lambda:us-east-1:123456789012:function:customMessage'
const SDK = {
  'x-amz-user-agent': 'aws-sdk-js/3.1169.0 ua/2.1 api/cognito-identity-provider#3.1169.0',
}
const REFUSAL = {
  __type: 'UserLambdaValidationException',
  message: 'CustomMessage failed with error Templates offline.',
}

/**
 * A pool that verifies email, with a signed-in user `ana` (email verified) and a CustomMessage
 * function that passes every event through until `fail()` makes it throw.
 */
async function signedInUser(config: Record<string, unknown> = {}) {
  // biome-ignore lint/suspicious/noExplicitAny: events as sent
  const events: any[] = []
  const state: { handler?: TestHandler } = {}
  const app = testApp(
    {
      TRIGGER_TARGETS: JSON.stringify({ [arn]: { service: 'TRIGGERS', method: 'customMessage' } }),
    },
    {
      TRIGGERS: {
        customMessage: async (event: unknown) => {
          events.push(structuredClone(event))
          return (state.handler ?? ((e: unknown) => e))(event)
        },
      },
    },
  )
  const { UserPool } = (await app.admin('CreateUserPool', {
    PoolName: 'message-failures',
    AutoVerifiedAttributes: ['email'],
    LambdaConfig: { CustomMessage: arn },
    ...config,
  })) as { UserPool: { Id: string } }
  const UserPoolId = UserPool.Id
  const { UserPoolClient } = (await app.admin('CreateUserPoolClient', {
    UserPoolId,
    ClientName: 'app',
    ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  })) as { UserPoolClient: { ClientId: string } }
  await app.admin('AdminCreateUser', {
    UserPoolId,
    Username: 'ana',
    UserAttributes: [
      { Name: 'email', Value: 'ana@example.com' },
      { Name: 'email_verified', Value: 'true' },
    ],
    MessageAction: 'SUPPRESS',
  })
  await app.admin('AdminSetUserPassword', {
    UserPoolId,
    Username: 'ana',
    Password: 'Correct-Horse-42',
    Permanent: true,
  })
  const auth = await app.admin('AdminInitiateAuth', {
    UserPoolId,
    ClientId: UserPoolClient.ClientId,
    AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: 'ana', PASSWORD: 'Correct-Horse-42' },
  })
  const AccessToken = (auth.AuthenticationResult as { AccessToken: string }).AccessToken
  const call = async (operation: string, body: object) => {
    const response = await app.call(operation, { AccessToken, ...body }, SDK)
    return { status: response.status, body: (await response.json()) as Record<string, unknown> }
  }
  const attributes = async () =>
    Object.fromEntries(
      (
        (await app.admin('AdminGetUser', { UserPoolId, Username: 'ana' })).UserAttributes as Array<{
          Name: string
          Value: string
        }>
      ).map((a) => [a.Name, a.Value]),
    )
  const fail = () => {
    state.handler = () => {
      throw new Error('Templates offline')
    }
  }
  return { app, UserPoolId, clientId: UserPoolClient.ClientId, events, call, attributes, fail }
}

describe('a failing CustomMessage function', () => {
  it('is GetUserAttributeVerificationCode’s error, and the code already sent keeps working', async () => {
    const t = await signedInUser()
    await t.app.admin('AdminUpdateUserAttributes', {
      UserPoolId: t.UserPoolId,
      Username: 'ana',
      UserAttributes: [{ Name: 'email_verified', Value: 'false' }],
    })
    expect(
      (await t.call('GetUserAttributeVerificationCode', { AttributeName: 'email' })).status,
    ).toBe(200)
    const first = t.app.sent.at(-1)?.code ?? ''
    t.fail()
    const refused = await t.call('GetUserAttributeVerificationCode', { AttributeName: 'email' })
    expect(refused).toEqual({ status: 400, body: REFUSAL })
    expect(t.app.sent).toHaveLength(1)
    const verify = await t.call('VerifyUserAttribute', { AttributeName: 'email', Code: first })
    expect(verify.status).toBe(200)
    expect((await t.attributes()).email_verified).toBe('true')
  })

  it('is UpdateUserAttributes’ error, and neither the change nor a code is kept', async () => {
    const t = await signedInUser()
    t.fail()
    const refused = await t.call('UpdateUserAttributes', {
      UserAttributes: [
        { Name: 'email', Value: 'ana@example.org' },
        { Name: 'name', Value: 'Ana' },
      ],
    })
    expect(refused).toEqual({ status: 400, body: REFUSAL })
    expect(t.app.sent).toHaveLength(0)
    const attributes = await t.attributes()
    expect(attributes.email).toBe('ana@example.com')
    expect(attributes.email_verified).toBe('true')
    expect(attributes.name).toBeUndefined()
  })

  it('is AdminUpdateUserAttributes’ error, and the change is not kept', async () => {
    const t = await signedInUser()
    t.fail()
    await expect(
      t.app.admin('AdminUpdateUserAttributes', {
        UserPoolId: t.UserPoolId,
        Username: 'ana',
        UserAttributes: [{ Name: 'email', Value: 'ana@example.org' }],
      }),
    ).rejects.toThrow(
      /UserLambdaValidationException.*CustomMessage failed with error Templates offline\./,
    )
    expect(t.app.sent).toHaveLength(0)
    expect((await t.attributes()).email).toBe('ana@example.com')
  })

  it('is AdminResetUserPassword’s error, and the user is not made to reset', async () => {
    const t = await signedInUser()
    t.fail()
    await expect(
      t.app.admin('AdminResetUserPassword', { UserPoolId: t.UserPoolId, Username: 'ana' }),
    ).rejects.toThrow(/UserLambdaValidationException/)
    const user = await t.app.admin('AdminGetUser', { UserPoolId: t.UserPoolId, Username: 'ana' })
    expect(user.UserStatus).toBe('CONFIRMED')
    expect((await t.call('GetUser', {})).status).toBe(200)
  })
})

describe('AdminResetUserPassword’s CustomMessage event', () => {
  it('carries the request’s ClientMetadata and SDK, and no app client', async () => {
    const t = await signedInUser()
    await t.app.admin(
      'AdminResetUserPassword',
      { UserPoolId: t.UserPoolId, Username: 'ana', ClientMetadata: { reason: 'audit' } },
      SDK,
    )
    const [event] = t.events.filter((e) => e.triggerSource === 'CustomMessage_ForgotPassword')
    expect(event.request.clientMetadata).toEqual({ reason: 'audit' })
    expect(event.callerContext).toEqual({
      awsSdkVersion: 'aws-sdk-js-3.1169.0',
      clientId: 'CLIENT_ID_NOT_APPLICABLE',
    })
    expect(event.request.userAttributes['cognito:user_status']).toBe('RESET_REQUIRED')
    expect(t.app.sent.at(-1)?.purpose).toBe('FORGOT_PASSWORD')
  })
})
