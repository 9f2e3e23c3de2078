import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
  type AdminSetUserMFAPreferenceCommandInput,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  type InitiateAuthCommandOutput,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { Amplify } from 'aws-amplify'
import { confirmSignIn, fetchAuthSession, signIn, signOut } from 'aws-amplify/auth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminClient, publicClient } from './support/clients'
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver'
import { type RunningWorker, startWorker } from './support/worker'

const PASSWORD = 'User-Auth-Codes-E2e-1'

/**
 * USER_AUTH's passwordless code choices against a running Worker whose messages go to a signed
 * webhook (read here, signature checked): EMAIL_OTP and SMS_OTP through the AWS SDK, preferred and
 * chosen with SELECT_CHALLENGE; email MFA after a password in the same pool, told apart by its
 * Session; and Amplify v6 in Node through signIn / confirmSignIn.
 */
describe('USER_AUTH email and SMS codes (AWS SDK, Amplify v6, signed webhook)', () => {
  let worker: RunningWorker
  let hook: WebhookReceiver
  let poolId: string
  let clientId: string

  const admin = () => adminClient(worker)
  const sdk = () => publicClient(worker)
  const codes = (username: string, medium: 'SMS' | 'EMAIL') =>
    hook
      .messages(worker.vars.MESSAGE_WEBHOOK_SECRET!)
      .filter((m) => m.username === username && m.purpose === 'AUTHENTICATION')
      .filter((m) => m.medium === medium)
  const lastCode = (username: string, medium: 'SMS' | 'EMAIL') =>
    codes(username, medium).at(-1)!.code!
  const wrong = (code: string) => (code === '000000' ? '111111' : '000000')
  const createUser = async (username: string, attributes: Record<string, string>) => {
    await admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: username,
        MessageAction: 'SUPPRESS',
        UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
      }),
    )
    await admin().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: username,
        Password: PASSWORD,
        Permanent: true,
      }),
    )
  }
  const userAuth = (username: string, preferred?: string) =>
    sdk().send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_AUTH',
        AuthParameters: {
          USERNAME: username,
          ...(preferred ? { PREFERRED_CHALLENGE: preferred } : {}),
        },
      }),
    )
  const answer = (
    challenge: Pick<InitiateAuthCommandOutput, 'ChallengeName' | 'Session'>,
    responses: Record<string, string>,
  ) =>
    sdk().send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: challenge.ChallengeName,
        Session: challenge.Session,
        ChallengeResponses: responses,
      }),
    )

  beforeAll(async () => {
    hook = await startWebhookReceiver()
    worker = await startWorker({ vars: { MESSAGE_WEBHOOK_URL: hook.url, DEV_OUTBOX: 'false' } })
    poolId = (
      await admin().send(
        new CreateUserPoolCommand({
          PoolName: 'user-auth-codes',
          EmailConfiguration: { EmailSendingAccount: 'DEVELOPER' },
        }),
      )
    ).UserPool!.Id!
    await admin().send(
      new UpdateUserPoolCommand({
        UserPoolId: poolId,
        EmailConfiguration: { EmailSendingAccount: 'DEVELOPER' },
        Policies: {
          SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'] },
        },
      }),
    )
    await admin().send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: 'OPTIONAL',
        SmsMfaConfiguration: {
          SmsAuthenticationMessage: 'Your code is {####}',
          SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/cognito-sms' },
        },
        EmailMfaConfiguration: { Message: 'Sign in with {####}', Subject: 'Your sign-in code' },
      }),
    )
    clientId = (
      await admin().send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'app',
          ExplicitAuthFlows: [
            'ALLOW_USER_AUTH',
            'ALLOW_USER_PASSWORD_AUTH',
            'ALLOW_REFRESH_TOKEN_AUTH',
          ],
        }),
      )
    ).UserPoolClient!.ClientId!
    await createUser('mia', {
      email: 'mia@example.com',
      email_verified: 'true',
      phone_number: '+15555550166',
      phone_number_verified: 'true',
    })
  }, 120_000)

  afterAll(async () => {
    await worker?.stop()
    await hook?.close()
  })

  it('the AWS SDK: PREFERRED_CHALLENGE EMAIL_OTP; a wrong code is refused typed, the right one once', async () => {
    const challenge = await userAuth('mia', 'EMAIL_OTP')
    expect(challenge.ChallengeName).toBe('EMAIL_OTP')
    expect(challenge.ChallengeParameters).toMatchObject({
      CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL',
      CODE_DELIVERY_DESTINATION: 'm***@e***',
    })
    const message = codes('mia', 'EMAIL').at(-1)!
    expect(message).toMatchObject({ destination: 'mia@example.com', subject: 'Your sign-in code' })
    const code = message.code!
    await expect(
      answer(challenge, { USERNAME: 'mia', EMAIL_OTP_CODE: wrong(code) }),
    ).rejects.toMatchObject({ name: 'CodeMismatchException' })
    const done = await answer(challenge, { USERNAME: 'mia', EMAIL_OTP_CODE: code })
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy()
    expect(done.AuthenticationResult?.RefreshToken).toBeTruthy()
    await expect(
      answer(challenge, { USERNAME: 'mia', EMAIL_OTP_CODE: code }),
    ).rejects.toMatchObject({ name: 'CodeMismatchException' })
  })

  it('the AWS SDK: PREFERRED_CHALLENGE SMS_OTP; a wrong code is refused typed, the right one once', async () => {
    const challenge = await userAuth('mia', 'SMS_OTP')
    expect(challenge.ChallengeName).toBe('SMS_OTP')
    expect(challenge.ChallengeParameters).toMatchObject({
      CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS',
      CODE_DELIVERY_DESTINATION: '+*******0166',
    })
    const message = codes('mia', 'SMS').at(-1)!
    expect(message.destination).toBe('+15555550166')
    const code = message.code!
    await expect(
      answer(challenge, { USERNAME: 'mia', SMS_OTP_CODE: wrong(code) }),
    ).rejects.toMatchObject({ name: 'CodeMismatchException' })
    const done = await answer(challenge, { USERNAME: 'mia', SMS_OTP_CODE: code })
    expect(done.AuthenticationResult?.IdToken).toBeTruthy()
    await expect(answer(challenge, { USERNAME: 'mia', SMS_OTP_CODE: code })).rejects.toMatchObject({
      name: 'CodeMismatchException',
    })
  })

  it('the AWS SDK: SELECT_CHALLENGE lists the choices; ANSWER EMAIL_OTP, then ANSWER SMS_OTP', async () => {
    for (const [choice, medium] of [
      ['EMAIL_OTP', 'EMAIL'],
      ['SMS_OTP', 'SMS'],
    ] as const) {
      const select = await userAuth('mia')
      expect(select.ChallengeName).toBe('SELECT_CHALLENGE')
      expect(select.AvailableChallenges).toEqual([
        'PASSWORD',
        'PASSWORD_SRP',
        'EMAIL_OTP',
        'SMS_OTP',
      ])
      const before = codes('mia', medium).length
      const challenge = await answer(select, { USERNAME: 'mia', ANSWER: choice })
      expect(challenge.ChallengeName).toBe(choice)
      expect(codes('mia', medium)).toHaveLength(before + 1)
      const code = lastCode('mia', medium)
      await expect(
        answer(challenge, { USERNAME: 'mia', [`${choice}_CODE`]: wrong(code) }),
      ).rejects.toMatchObject({ name: 'CodeMismatchException' })
      const done = await answer(challenge, { USERNAME: 'mia', [`${choice}_CODE`]: code })
      expect(done.AuthenticationResult?.AccessToken).toBeTruthy()
      // A code is single-use: the same answer again is refused.
      await expect(
        answer(challenge, { USERNAME: 'mia', [`${choice}_CODE`]: code }),
      ).rejects.toMatchObject({ name: 'CodeMismatchException' })
    }
  })

  it('one pool: email MFA after a password and USER_AUTH EMAIL_OTP, the newer code supersedes, each routed by its Session', async () => {
    await createUser('noor', { email: 'noor@example.com', email_verified: 'true' })
    await admin().send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: poolId,
        Username: 'noor',
        EmailMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    )
    const mfa = await sdk().send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'noor', PASSWORD },
      }),
    )
    expect(mfa.ChallengeName).toBe('EMAIL_OTP')
    const mfaCode = lastCode('noor', 'EMAIL')
    const passwordless = await userAuth('noor', 'EMAIL_OTP')
    expect(passwordless.ChallengeName).toBe('EMAIL_OTP')
    const passwordlessCode = lastCode('noor', 'EMAIL')
    expect(codes('noor', 'EMAIL')).toHaveLength(2)

    // A user has one pending sign-in code: the newer sign-in's code replaces the older one.
    await expect(answer(mfa, { USERNAME: 'noor', EMAIL_OTP_CODE: mfaCode })).rejects.toMatchObject({
      name: 'CodeMismatchException',
    })
    const withoutPassword = await answer(passwordless, {
      USERNAME: 'noor',
      EMAIL_OTP_CODE: passwordlessCode,
    })
    expect(withoutPassword.AuthenticationResult?.AccessToken).toBeTruthy()

    // The same challenge name after a password is email MFA, routed by its Session.
    const again = await sdk().send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'noor', PASSWORD },
      }),
    )
    expect(again.ChallengeName).toBe('EMAIL_OTP')
    const code = lastCode('noor', 'EMAIL')
    await expect(
      answer(again, { USERNAME: 'noor', EMAIL_OTP_CODE: wrong(code) }),
    ).rejects.toMatchObject({ name: 'CodeMismatchException' })
    const afterPassword = await answer(again, { USERNAME: 'noor', EMAIL_OTP_CODE: code })
    expect(afterPassword.AuthenticationResult?.AccessToken).toBeTruthy()
    await expect(answer(again, { USERNAME: 'noor', EMAIL_OTP_CODE: code })).rejects.toMatchObject({
      name: 'CodeMismatchException',
    })
  })

  it('the AWS SDK: passkey MFA (WebAuthnMfaSettings) only with MULTI_FACTOR and another factor', async () => {
    await createUser('omar', { phone_number: '+15555550188' })
    const prefer = (
      settings: Omit<AdminSetUserMFAPreferenceCommandInput, 'UserPoolId' | 'Username'>,
    ) =>
      admin().send(
        new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'omar', ...settings }),
      )
    const webAuthn = (
      FactorConfiguration: 'SINGLE_FACTOR' | 'MULTI_FACTOR_WITH_USER_VERIFICATION',
    ) =>
      admin().send(
        new SetUserPoolMfaConfigCommand({
          UserPoolId: poolId,
          MfaConfiguration: 'OPTIONAL',
          SmsMfaConfiguration: {
            SmsAuthenticationMessage: 'Your code is {####}',
            SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/cognito-sms' },
          },
          EmailMfaConfiguration: { Message: 'Sign in with {####}', Subject: 'Your sign-in code' },
          WebAuthnConfiguration: { RelyingPartyId: 'localhost', FactorConfiguration },
        }),
      )
    await webAuthn('SINGLE_FACTOR')
    await expect(prefer({ WebAuthnMfaSettings: { Enabled: true } })).rejects.toMatchObject({
      name: 'InvalidParameterException',
    })
    await webAuthn('MULTI_FACTOR_WITH_USER_VERIFICATION')
    await expect(prefer({ WebAuthnMfaSettings: { Enabled: true } })).rejects.toMatchObject({
      name: 'InvalidParameterException',
    })
    await prefer({ SMSMfaSettings: { Enabled: true }, WebAuthnMfaSettings: { Enabled: true } })
    const got = await admin().send(
      new AdminGetUserCommand({ UserPoolId: poolId, Username: 'omar' }),
    )
    expect(got.UserMFASettingList).toEqual(['SMS_MFA'])
    await prefer({ WebAuthnMfaSettings: { Enabled: false } })
  })

  it('Amplify v6 in Node: signIn USER_AUTH preferring EMAIL_OTP, then confirmSignIn with the code', async () => {
    await createUser('amara', { email: 'amara@example.com', email_verified: 'true' })
    Amplify.configure({
      Auth: {
        Cognito: {
          userPoolId: poolId,
          userPoolClientId: clientId,
          userPoolEndpoint: worker.endpoint,
        },
      },
    })
    const started = await signIn({
      username: 'amara',
      options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' },
    })
    expect(started.isSignedIn).toBe(false)
    expect(started.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_EMAIL_CODE')
    const code = lastCode('amara', 'EMAIL')
    await expect(confirmSignIn({ challengeResponse: wrong(code) })).rejects.toMatchObject({
      name: 'CodeMismatchException',
    })
    const confirmed = await confirmSignIn({ challengeResponse: code })
    expect(confirmed.isSignedIn).toBe(true)
    expect(confirmed.nextStep.signInStep).toBe('DONE')
    const session = await fetchAuthSession()
    expect(session.tokens?.accessToken.payload.username).toBe('amara')
    await signOut()
  })
})
