import {
  AdminCreateUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { Amplify } from 'aws-amplify'
import {
  confirmSignIn,
  fetchMFAPreference,
  signIn,
  signOut,
  updateMFAPreference,
} from 'aws-amplify/auth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminClient } from './support/clients'
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver'
import { type RunningWorker, startWorker } from './support/worker'

const PASSWORD = 'Amplify-Mfa-Pass-1'

/**
 * Amplify v6 (aws-amplify, run in Node with its in-memory storage) through SMS and email codes
 * against a running Worker whose messages go to a signed webhook: the choice of factor
 * (CONTINUE_SIGN_IN_WITH_MFA_SELECTION), each code step, updateMFAPreference and
 * fetchMFAPreference. Every call is Amplify's own code on the wire.
 */
describe('Amplify v6 signIn with SMS and email codes (signed webhook)', () => {
  let worker: RunningWorker
  let hook: WebhookReceiver

  const admin = () => adminClient(worker)
  const lastCode = (medium: 'SMS' | 'EMAIL') => {
    const message = hook
      .messages(worker.vars.MESSAGE_WEBHOOK_SECRET!)
      .filter((m) => m.username === 'amplify' && m.purpose === 'AUTHENTICATION')
      .at(-1)
    expect(message?.medium).toBe(medium)
    return message!.code!
  }

  beforeAll(async () => {
    hook = await startWebhookReceiver()
    worker = await startWorker({ vars: { MESSAGE_WEBHOOK_URL: hook.url, DEV_OUTBOX: 'false' } })
    const poolId = (
      await admin().send(
        new CreateUserPoolCommand({
          PoolName: 'amplify-code-mfa',
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
    const clientId = (
      await admin().send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'amplify',
          ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        }),
      )
    ).UserPoolClient!.ClientId!
    await admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'amplify',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'phone_number', Value: '+15555550177' },
          { Name: 'email', Value: 'amplify@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    )
    await admin().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'amplify',
        Password: PASSWORD,
        Permanent: true,
      }),
    )
    // Both factors on, none preferred: Cognito asks the user to choose.
    await admin().send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: poolId,
        Username: 'amplify',
        SMSMfaSettings: { Enabled: true },
        EmailMfaSettings: { Enabled: true },
      }),
    )
    Amplify.configure({
      Auth: {
        Cognito: {
          userPoolId: poolId,
          userPoolClientId: clientId,
          userPoolEndpoint: worker.endpoint,
        },
      },
    })
  })

  afterAll(async () => {
    await worker?.stop()
    await hook?.close()
  })

  it('chooses EMAIL at CONTINUE_SIGN_IN_WITH_MFA_SELECTION, then confirms the emailed code', async () => {
    const first = await signIn({ username: 'amplify', password: PASSWORD })
    expect(first.nextStep).toMatchObject({
      signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION',
      allowedMFATypes: expect.arrayContaining(['SMS', 'EMAIL']),
    })
    const chosen = await confirmSignIn({ challengeResponse: 'EMAIL' })
    expect(chosen.nextStep).toMatchObject({
      signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE',
      codeDeliveryDetails: { deliveryMedium: 'EMAIL', destination: expect.stringContaining('@') },
    })
    const done = await confirmSignIn({ challengeResponse: lastCode('EMAIL') })
    expect(done).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } })
    expect(await fetchMFAPreference()).toMatchObject({
      enabled: expect.arrayContaining(['SMS', 'EMAIL']),
    })
    expect((await fetchMFAPreference()).preferred).toBeUndefined()
  })

  it('prefers SMS with updateMFAPreference: the next signIn asks for the texted code', async () => {
    await updateMFAPreference({ sms: 'PREFERRED' })
    expect(await fetchMFAPreference()).toMatchObject({
      preferred: 'SMS',
      enabled: expect.arrayContaining(['SMS', 'EMAIL']),
    })
    await signOut()
    const first = await signIn({ username: 'amplify', password: PASSWORD })
    expect(first.nextStep).toMatchObject({
      signInStep: 'CONFIRM_SIGN_IN_WITH_SMS_CODE',
      codeDeliveryDetails: { deliveryMedium: 'SMS', destination: '+*******0177' },
    })
    const code = lastCode('SMS')
    const wrong = code === '123456' ? '654321' : '123456'
    await expect(confirmSignIn({ challengeResponse: wrong })).rejects.toMatchObject({
      name: 'CodeMismatchException',
    })
    const done = await confirmSignIn({ challengeResponse: code })
    expect(done).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } })
  })

  it('prefers EMAIL, then turns SMS off: CONFIRM_SIGN_IN_WITH_EMAIL_CODE, and only EMAIL enabled', async () => {
    await updateMFAPreference({ email: 'PREFERRED', sms: 'DISABLED' })
    expect(await fetchMFAPreference()).toEqual({ preferred: 'EMAIL', enabled: ['EMAIL'] })
    await signOut()
    const first = await signIn({ username: 'amplify', password: PASSWORD })
    expect(first.nextStep).toMatchObject({
      signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE',
      codeDeliveryDetails: { deliveryMedium: 'EMAIL' },
    })
    const done = await confirmSignIn({ challengeResponse: lastCode('EMAIL') })
    expect(done).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } })
    await signOut()
  })
})
