import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js'
import * as oidc from 'openid-client'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './support/browser'
import { callbackServer } from './support/callback-server'
import { adminClient, publicClient } from './support/clients'
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver'
import { type RunningWorker, startWorker } from './support/worker'

const PASSWORD = 'Code-Mfa-E2e-Pass-1'

/**
 * SMS and email codes as second factors against a running Worker whose messages go to a signed
 * webhook (read here, signature checked): amazon-cognito-identity-js through SMS_MFA, its legacy
 * enableMFA and SELECT_MFA_TYPE, the AWS SDK through EMAIL_OTP, and the hosted UI in Chromium.
 */
describe('SMS and email MFA codes (real clients, signed webhook)', () => {
  let worker: RunningWorker
  let hook: WebhookReceiver
  let poolId: string
  let clientId: string

  const admin = () => adminClient(worker)
  const lastCode = (username: string, medium: 'SMS' | 'EMAIL') => {
    const message = hook
      .messages(worker.vars.MESSAGE_WEBHOOK_SECRET!)
      .filter((m) => m.username === username && m.purpose === 'AUTHENTICATION')
      .at(-1)
    expect(message?.medium).toBe(medium)
    return message!.code!
  }
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

  beforeAll(async () => {
    hook = await startWebhookReceiver()
    worker = await startWorker({ vars: { MESSAGE_WEBHOOK_URL: hook.url, DEV_OUTBOX: 'false' } })
    poolId = (
      await admin().send(
        new CreateUserPoolCommand({
          PoolName: 'code-mfa',
          EmailConfiguration: { EmailSendingAccount: 'DEVELOPER' },
        }),
      )
    ).UserPool!.Id!
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
            'ALLOW_USER_PASSWORD_AUTH',
            'ALLOW_USER_SRP_AUTH',
            'ALLOW_REFRESH_TOKEN_AUTH',
          ],
        }),
      )
    ).UserPoolClient!.ClientId!
  })

  afterAll(async () => {
    await worker?.stop()
    await hook?.close()
  })

  it('amazon-cognito-identity-js: enableMFA, then SMS_MFA (mfaRequired, sendMFACode) over SRP', async () => {
    await createUser('jsmfa', { phone_number: '+15555550133' })
    const userPool = new CognitoUserPool({
      UserPoolId: poolId,
      ClientId: clientId,
      endpoint: worker.endpoint,
    })
    const user = new CognitoUser({ Username: 'jsmfa', Pool: userPool })
    const details = new AuthenticationDetails({ Username: 'jsmfa', Password: PASSWORD })
    await new Promise<CognitoUserSession>((resolve, reject) =>
      user.authenticateUser(details, { onSuccess: resolve, onFailure: reject }),
    )
    await new Promise<string>((resolve, reject) =>
      user.enableMFA((error, result) => (error ? reject(error) : resolve(result!))),
    )
    const got = await admin().send(
      new AdminGetUserCommand({ UserPoolId: poolId, Username: 'jsmfa' }),
    )
    expect(got.MFAOptions).toEqual([{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }])
    expect(got.UserMFASettingList).toEqual(['SMS_MFA'])

    const again = new CognitoUser({ Username: 'jsmfa', Pool: userPool })
    const session = await new Promise<CognitoUserSession>((resolve, reject) => {
      const callbacks = {
        onSuccess: resolve,
        onFailure: reject,
        mfaRequired(challengeName: string, parameters: Record<string, string>) {
          expect(challengeName).toBe('SMS_MFA')
          expect(parameters.CODE_DELIVERY_DESTINATION).toBe('+*******0133')
          expect(parameters.CODE_DELIVERY_DELIVERY_MEDIUM).toBe('SMS')
          again.sendMFACode(lastCode('jsmfa', 'SMS'), callbacks)
        },
      }
      again.authenticateUser(details, callbacks)
    })
    expect(session.isValid()).toBe(true)
    expect(session.getIdToken().decodePayload().phone_number_verified).toBe(true)
  })

  it('amazon-cognito-identity-js: SELECT_MFA_TYPE (selectMFAType, sendMFASelectionAnswer)', async () => {
    await createUser('jschoose', {
      phone_number: '+15555550144',
      email: 'jschoose@example.com',
      email_verified: 'true',
    })
    await admin().send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: poolId,
        Username: 'jschoose',
        SMSMfaSettings: { Enabled: true },
        EmailMfaSettings: { Enabled: true },
      }),
    )
    const userPool = new CognitoUserPool({
      UserPoolId: poolId,
      ClientId: clientId,
      endpoint: worker.endpoint,
    })
    const user = new CognitoUser({ Username: 'jschoose', Pool: userPool })
    user.setAuthenticationFlowType('USER_PASSWORD_AUTH')
    let offered: string | undefined
    const session = await new Promise<CognitoUserSession>((resolve, reject) => {
      const callbacks = {
        onSuccess: resolve,
        onFailure: reject,
        selectMFAType(challengeName: string, parameters: Record<string, string>) {
          expect(challengeName).toBe('SELECT_MFA_TYPE')
          offered = parameters.MFAS_CAN_CHOOSE
          user.sendMFASelectionAnswer('SMS_MFA', callbacks)
        },
        mfaRequired(challengeName: string) {
          expect(challengeName).toBe('SMS_MFA')
          user.sendMFACode(lastCode('jschoose', 'SMS'), callbacks)
        },
      }
      user.authenticateUser(
        new AuthenticationDetails({ Username: 'jschoose', Password: PASSWORD }),
        callbacks,
      )
    })
    expect(JSON.parse(offered!)).toEqual(['SMS_MFA', 'EMAIL_OTP'])
    expect(session.getAccessToken().decodePayload().username).toBe('jschoose')
  })

  it('the AWS SDK: EMAIL_OTP, a wrong code refused typed, the right one signs in once', async () => {
    await createUser('sdkmail', { email: 'sdkmail@example.com', email_verified: 'true' })
    await admin().send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: poolId,
        Username: 'sdkmail',
        EmailMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    )
    const sdk = publicClient(worker)
    const challenge = await sdk.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'sdkmail', PASSWORD },
      }),
    )
    expect(challenge.ChallengeName).toBe('EMAIL_OTP')
    expect(challenge.ChallengeParameters).toMatchObject({
      CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL',
      CODE_DELIVERY_DESTINATION: 's***@e***',
    })
    const message = hook
      .messages(worker.vars.MESSAGE_WEBHOOK_SECRET!)
      .filter((m) => m.username === 'sdkmail')
      .at(-1)!
    expect(message).toMatchObject({
      purpose: 'AUTHENTICATION',
      medium: 'EMAIL',
      destination: 'sdkmail@example.com',
      subject: 'Your sign-in code',
      body: `Sign in with ${message.code}`,
    })
    const answer = (code: string) =>
      sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'EMAIL_OTP',
          Session: challenge.Session,
          ChallengeResponses: { USERNAME: 'sdkmail', EMAIL_OTP_CODE: code },
        }),
      )
    await expect(answer(message.code === '000000' ? '111111' : '000000')).rejects.toMatchObject({
      name: 'CodeMismatchException',
    })
    const done = await answer(message.code!)
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy()
    await expect(answer(message.code!)).rejects.toMatchObject({ name: 'CodeMismatchException' })
  })

  it('the hosted UI in Chromium: a choice of factor, an email code, then the client gets its code', async () => {
    await createUser('browsermail', {
      phone_number: '+15555550155',
      email: 'browsermail@example.com',
      email_verified: 'true',
    })
    await admin().send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: poolId,
        Username: 'browsermail',
        SMSMfaSettings: { Enabled: true },
        EmailMfaSettings: { Enabled: true },
      }),
    )
    const callback = await callbackServer()
    const browser: Browser = await launchChromium()
    try {
      const oauthClientId = (
        await admin().send(
          new CreateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientName: 'hosted',
            AllowedOAuthFlows: ['code'],
            AllowedOAuthFlowsUserPoolClient: true,
            AllowedOAuthScopes: ['openid'],
            CallbackURLs: ['http://127.0.0.1/callback'],
            SupportedIdentityProviders: ['COGNITO'],
          }),
        )
      ).UserPoolClient!.ClientId!
      const config = await oidc.discovery(
        new URL(`${worker.endpoint}/${poolId}`),
        oauthClientId,
        undefined,
        oidc.None(),
        { execute: [oidc.allowInsecureRequests] },
      )
      const verifier = oidc.randomPKCECodeVerifier()
      const authorizeUrl = oidc.buildAuthorizationUrl(config, {
        redirect_uri: `${callback.base}/callback`,
        scope: 'openid',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state: 'codes',
      })
      const page = await (await browser.newContext()).newPage()
      await page.goto(authorizeUrl.href)
      await page.getByLabel('Username or email').fill('browsermail')
      await page.getByLabel('Password').fill(PASSWORD)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.getByRole('button', { name: 'Email' }).click()
      expect(await page.locator('#code-destination').textContent()).toBe(
        'We sent a code by email to b***@e***.',
      )
      const code = lastCode('browsermail', 'EMAIL')
      await page.getByLabel('Code').fill(code === '000000' ? '111111' : '000000')
      await page.getByRole('button', { name: 'Sign in' }).click()
      expect(await page.getByRole('alert').textContent()).toContain('That code is not right')
      await page.getByLabel('Code').fill(code)
      await Promise.all([
        page.waitForURL(`${callback.base}/callback**`),
        page.getByRole('button', { name: 'Sign in' }).click(),
      ])
      const tokens = await oidc.authorizationCodeGrant(config, new URL(page.url()), {
        pkceCodeVerifier: verifier,
        expectedState: 'codes',
      })
      expect(tokens.claims()?.['cognito:username']).toBe('browsermail')
    } finally {
      await browser.close()
      await callback.close()
    }
  })
})
