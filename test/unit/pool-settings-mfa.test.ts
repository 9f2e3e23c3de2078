import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type CreateUserPoolCommandInput,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  InitiateAuthCommand,
  ListUserPoolsCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolCommand,
  type UpdateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider'
import { beforeEach, describe, expect, it } from 'vitest'
import { testApp, type TestApp } from './support/app'
import { sdkClient } from './support/sdk'

const PASSWORD = 'Pool-Mfa-Pass-42'
const SNS_ROLE = 'arn:aws:iam::123456789012:role/cognito-sms'
const SMS_CONFIGURATION = { SnsCallerArn: SNS_ROLE, ExternalId: 'portcullis' }
const SMS_TEXT = 'Portcullis sign-in code {####}'

/** The error name an SDK call failed with, or 'no error'. */
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (e: Error) => e.name,
  )

/**
 * SMS MFA as CreateUserPool and UpdateUserPool configure it, agreeing with SetUserPoolMfaConfig:
 * one SmsConfiguration and SmsAuthenticationMessage shared by all three, through the unmodified
 * AWS SDK over the in-process Worker.
 */
describe('MFA settings in CreateUserPool and UpdateUserPool (AWS SDK, in process)', () => {
  let app: TestApp
  let cognito: CognitoIdentityProviderClient

  const createPool = async (input: Omit<CreateUserPoolCommandInput, 'PoolName'>) =>
    (await cognito.send(new CreateUserPoolCommand({ PoolName: 'sms-mfa', ...input }))).UserPool!.Id!
  const mfaConfig = async (poolId: string) => {
    const { $metadata: _metadata, ...config } = await cognito.send(
      new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }),
    )
    return config
  }
  const update = (poolId: string, input: Omit<UpdateUserPoolCommandInput, 'UserPoolId'>) =>
    cognito.send(new UpdateUserPoolCommand({ UserPoolId: poolId, ...input }))

  /** A user with a phone number and a password, and the app client to sign in with. */
  const userAndClient = async (poolId: string) => {
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'sam',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'phone_number', Value: '+15555550199' }],
      }),
    )
    await cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'sam',
        Password: PASSWORD,
        Permanent: true,
      }),
    )
    return (
      await cognito.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'app',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
        }),
      )
    ).UserPoolClient!.ClientId!
  }
  const signIn = (clientId: string) =>
    cognito.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'sam', PASSWORD },
      }),
    )

  beforeEach(() => {
    app = testApp()
    cognito = sdkClient(app)
  })

  it('makes SMS MFA the factor of a pool created with MFA ON and an SmsConfiguration', async () => {
    const poolId = await createPool({
      MfaConfiguration: 'ON',
      SmsConfiguration: SMS_CONFIGURATION,
      SmsAuthenticationMessage: SMS_TEXT,
    })
    expect(await mfaConfig(poolId)).toMatchObject({
      MfaConfiguration: 'ON',
      SmsMfaConfiguration: {
        SmsAuthenticationMessage: SMS_TEXT,
        SmsConfiguration: SMS_CONFIGURATION,
      },
      SoftwareTokenMfaConfiguration: { Enabled: false },
    })
    expect((await mfaConfig(poolId)).EmailMfaConfiguration).toBeUndefined()
    const described = (await cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId })))
      .UserPool!
    expect(described).toMatchObject({
      MfaConfiguration: 'ON',
      SmsConfiguration: SMS_CONFIGURATION,
      SmsAuthenticationMessage: SMS_TEXT,
    })

    // Under MFA ON the user with a phone number owes an SMS code, sent with the pool's text.
    const clientId = await userAndClient(poolId)
    const challenge = await signIn(clientId)
    expect(challenge).toMatchObject({
      ChallengeName: 'SMS_MFA',
      ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS' },
    })
    const message = app.sent.at(-1)!
    expect(message).toMatchObject({ purpose: 'AUTHENTICATION', medium: 'SMS' })
    expect(message.body).toBe(`Portcullis sign-in code ${message.code}`)
    const done = await cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'SMS_MFA',
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: 'sam', SMS_MFA_CODE: message.code! },
      }),
    )
    expect(done.AuthenticationResult?.AccessToken).toBeTypeOf('string')
  })

  it('refuses MFA ON or OPTIONAL at creation without an SNS role, and stores no pool', async () => {
    expect(await failure(createPool({ MfaConfiguration: 'ON' }))).toBe('InvalidParameterException')
    expect(
      await failure(
        createPool({ MfaConfiguration: 'OPTIONAL', SmsAuthenticationMessage: SMS_TEXT }),
      ),
    ).toBe('InvalidParameterException')
    expect(
      await failure(
        createPool({ MfaConfiguration: 'OPTIONAL', SmsConfiguration: { ExternalId: 'no-role' } }),
      ),
    ).toBe('InvalidParameterException')
    // The SNS role is an ARN (SmsConfigurationType), checked before anything is stored.
    expect(
      await failure(
        createPool({ MfaConfiguration: 'ON', SmsConfiguration: { SnsCallerArn: 'not-an-arn' } }),
      ),
    ).toBe('InvalidParameterException')
    expect((await cognito.send(new ListUserPoolsCommand({ MaxResults: 10 }))).UserPools).toEqual([])
  })

  it('keeps SMS MFA off for a pool created with MFA OFF, whose SMS role SetUserPoolMfaConfig then uses', async () => {
    const poolId = await createPool({ SmsConfiguration: SMS_CONFIGURATION })
    expect((await mfaConfig(poolId)).SmsMfaConfiguration).toBeUndefined()
    const set = await cognito.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: 'OPTIONAL',
        SmsMfaConfiguration: { SmsAuthenticationMessage: SMS_TEXT },
      }),
    )
    expect(set.SmsMfaConfiguration).toEqual({
      SmsAuthenticationMessage: SMS_TEXT,
      SmsConfiguration: SMS_CONFIGURATION,
    })
  })

  it('refuses an update that keeps SMS MFA asked for but drops its SmsConfiguration', async () => {
    const poolId = await createPool({
      MfaConfiguration: 'ON',
      SmsConfiguration: SMS_CONFIGURATION,
      SmsAuthenticationMessage: SMS_TEXT,
    })
    const before = await mfaConfig(poolId)
    expect(
      await failure(update(poolId, { MfaConfiguration: 'ON', SmsAuthenticationMessage: SMS_TEXT })),
    ).toBe('InvalidParameterException')
    expect(await failure(update(poolId, { MfaConfiguration: 'OPTIONAL' }))).toBe(
      'InvalidParameterException',
    )
    expect(await mfaConfig(poolId)).toEqual(before)

    // The whole configuration sent back (Cognito's way of updating) keeps SMS MFA as it was.
    await update(poolId, {
      MfaConfiguration: 'ON',
      SmsConfiguration: SMS_CONFIGURATION,
      SmsAuthenticationMessage: SMS_TEXT,
      DeletionProtection: 'ACTIVE',
    })
    expect(await mfaConfig(poolId)).toEqual(before)
  })

  it('returns an SmsAuthenticationMessage left out of an update to the default text', async () => {
    const poolId = await createPool({
      MfaConfiguration: 'ON',
      SmsConfiguration: SMS_CONFIGURATION,
      SmsAuthenticationMessage: SMS_TEXT,
    })
    await update(poolId, { MfaConfiguration: 'ON', SmsConfiguration: SMS_CONFIGURATION })
    expect((await mfaConfig(poolId)).SmsMfaConfiguration).toEqual({
      SmsConfiguration: SMS_CONFIGURATION,
    })
    const clientId = await userAndClient(poolId)
    expect((await signIn(clientId)).ChallengeName).toBe('SMS_MFA')
    const message = app.sent.at(-1)!
    expect(message.body).toBe(`Your authentication code is ${message.code}.`)
  })

  it('turns SMS MFA off with MFA OFF and its SmsConfiguration left out; it is not on again without a role', async () => {
    const poolId = await createPool({
      MfaConfiguration: 'OPTIONAL',
      SmsConfiguration: SMS_CONFIGURATION,
    })
    await update(poolId, {})
    const config = await mfaConfig(poolId)
    expect(config.MfaConfiguration).toBe('OFF')
    expect(config.SmsMfaConfiguration).toBeUndefined()
    expect(
      (await cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!
        .SmsConfiguration,
    ).toBeUndefined()
    expect(
      await failure(
        cognito.send(
          new SetUserPoolMfaConfigCommand({
            UserPoolId: poolId,
            MfaConfiguration: 'OPTIONAL',
            SmsMfaConfiguration: {},
          }),
        ),
      ),
    ).toBe('InvalidParameterException')
    // A user signs in without a second factor.
    const clientId = await userAndClient(poolId)
    expect((await signIn(clientId)).AuthenticationResult?.AccessToken).toBeTypeOf('string')
  })

  it('makes SMS MFA the factor of an update to MFA ON on a pool with none, as at creation', async () => {
    const poolId = await createPool({})
    expect(await failure(update(poolId, { MfaConfiguration: 'ON' }))).toBe(
      'InvalidParameterException',
    )
    await update(poolId, { MfaConfiguration: 'ON', SmsConfiguration: SMS_CONFIGURATION })
    expect(await mfaConfig(poolId)).toMatchObject({
      MfaConfiguration: 'ON',
      SmsMfaConfiguration: { SmsConfiguration: SMS_CONFIGURATION },
    })
  })

  it('keeps TOTP across updates and turns SMS on only where it is the factor', async () => {
    const poolId = await createPool({})
    await cognito.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: 'OPTIONAL',
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    )
    // An SNS role sent with a pool that asks for TOTP does not add SMS MFA.
    await update(poolId, { MfaConfiguration: 'OPTIONAL', SmsConfiguration: SMS_CONFIGURATION })
    const config = await mfaConfig(poolId)
    expect(config).toMatchObject({
      MfaConfiguration: 'OPTIONAL',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    })
    expect(config.SmsMfaConfiguration).toBeUndefined()
  })

  it('holds email MFA to the EmailConfiguration it needs, like SMS', async () => {
    const emailConfiguration = { EmailSendingAccount: 'DEVELOPER' as const, SourceArn: SNS_ROLE }
    const poolId = await createPool({ EmailConfiguration: emailConfiguration })
    await cognito.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: 'OPTIONAL',
        EmailMfaConfiguration: { Message: 'Sign in with {####}', Subject: 'Your code' },
      }),
    )
    expect(await failure(update(poolId, { MfaConfiguration: 'OPTIONAL' }))).toBe(
      'InvalidParameterException',
    )
    await update(poolId, { MfaConfiguration: 'OPTIONAL', EmailConfiguration: emailConfiguration })
    expect((await mfaConfig(poolId)).EmailMfaConfiguration).toEqual({
      Message: 'Sign in with {####}',
      Subject: 'Your code',
    })
    await update(poolId, { MfaConfiguration: 'OFF' })
    expect((await mfaConfig(poolId)).EmailMfaConfiguration).toBeUndefined()
  })
})
