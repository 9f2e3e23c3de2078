import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  AssociateSoftwareTokenCommand,
  CreateUserPoolCommand,
  GetUserAuthFactorsCommand,
  GetUserCommand,
  GetUserPoolMfaConfigCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js'
import { createHmac } from 'node:crypto'
import * as oidc from 'openid-client'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './support/browser'
import { callbackServer } from './support/callback-server'
import { adminClient, createAppClient, createPool, endpoint, publicClient } from './support/clients'

const PASSWORD = 'Second-Factor-42'
const admin = adminClient()
const sdk = publicClient()

/** RFC 6238 code of a base32 secret for the 30-second step `offset` steps from now: what an authenticator app shows. */
function totp(secret: string, offset = 0): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = ''
  for (const char of secret) bits += alphabet.indexOf(char).toString(2).padStart(5, '0')
  const key = Buffer.from(bits.match(/.{8}/g)!.map((byte) => parseInt(byte, 2)))
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30_000) + offset))
  const mac = createHmac('sha1', key).update(counter).digest()
  const at = mac[mac.length - 1]! & 0x0f
  return String((mac.readUInt32BE(at) & 0x7fffffff) % 1_000_000).padStart(6, '0')
}

/**
 * Waits out the last seconds of a 30-second step, so codes computed now for steps -1, 0 and +1
 * are still the server's previous, current and next steps when they arrive.
 */
async function awayFromStepEdge(): Promise<void> {
  const intoStep = Date.now() % 30_000
  if (intoStep > 24_000)
    await new Promise((resolve) => setTimeout(resolve, 30_000 - intoStep + 500))
}

async function confirmedUser(
  poolId: string,
  username: string,
  attributes: Array<{ Name: string; Value: string }> = [],
): Promise<void> {
  await admin.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: attributes,
    }),
  )
  await admin.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: poolId,
      Username: username,
      Password: PASSWORD,
      Permanent: true,
    }),
  )
}

const passwordSignIn = (clientId: string, username: string) =>
  sdk.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD },
    }),
  )

describe('MFA configuration of a pool', () => {
  it('refuses MFA a pool could not ask for, and an SMS factor it could not send', async () => {
    await expect(
      admin.send(new CreateUserPoolCommand({ PoolName: 'mfa-on', MfaConfiguration: 'ON' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    const poolId = await createPool()
    await expect(
      admin.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'ON' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(
      admin.send(
        new SetUserPoolMfaConfigCommand({
          UserPoolId: poolId,
          SmsMfaConfiguration: { SmsAuthenticationMessage: 'code {####}' },
          MfaConfiguration: 'OPTIONAL',
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(
      admin.send(new UpdateUserPoolCommand({ UserPoolId: poolId, MfaConfiguration: 'OPTIONAL' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    expect(await admin.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }))).toMatchObject(
      { MfaConfiguration: 'OFF', SoftwareTokenMfaConfiguration: { Enabled: false } },
    )
    const set = await admin.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        SoftwareTokenMfaConfiguration: { Enabled: true },
        MfaConfiguration: 'OPTIONAL',
      }),
    )
    expect(set).toMatchObject({
      MfaConfiguration: 'OPTIONAL',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    })
    expect(await admin.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }))).toMatchObject(
      { MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } },
    )
    // TOTP cannot be switched off while the pool asks for MFA.
    await expect(
      admin.send(
        new SetUserPoolMfaConfigCommand({
          UserPoolId: poolId,
          SoftwareTokenMfaConfiguration: { Enabled: false },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
  })
})

describe('TOTP MFA over the AWS SDK in a pool where it is optional', () => {
  let poolId: string
  let clientId: string

  beforeAll(async () => {
    poolId = await createPool()
    await admin.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        SoftwareTokenMfaConfiguration: { Enabled: true },
        MfaConfiguration: 'OPTIONAL',
      }),
    )
    clientId = (await createAppClient(poolId)).clientId
  })

  it('adds an authenticator, turns it on, asks for a code at sign-in and accepts each code once', async () => {
    await awayFromStepEdge()
    await confirmedUser(poolId, 'opal')
    const { AccessToken } = (await passwordSignIn(clientId, 'opal')).AuthenticationResult!
    await expect(
      sdk.send(
        new SetUserMFAPreferenceCommand({
          AccessToken,
          SoftwareTokenMfaSettings: { Enabled: true },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    const { SecretCode } = await sdk.send(new AssociateSoftwareTokenCommand({ AccessToken }))
    expect(SecretCode).toMatch(/^[A-Z2-7]{32}$/)
    await expect(
      sdk.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: totp(SecretCode!, 5) })),
    ).rejects.toMatchObject({ name: 'EnableSoftwareTokenMFAException' })
    expect(
      (
        await sdk.send(
          new VerifySoftwareTokenCommand({
            AccessToken,
            UserCode: totp(SecretCode!, -1),
            FriendlyDeviceName: 'phone',
          }),
        )
      ).Status,
    ).toBe('SUCCESS')
    // Verified but not yet turned on: sign-in still needs only the password.
    expect((await passwordSignIn(clientId, 'opal')).AuthenticationResult).toBeTruthy()
    await sdk.send(
      new SetUserMFAPreferenceCommand({
        AccessToken,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    )
    expect(await sdk.send(new GetUserCommand({ AccessToken }))).toMatchObject({
      UserMFASettingList: ['SOFTWARE_TOKEN_MFA'],
      PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA',
    })
    expect(await sdk.send(new GetUserAuthFactorsCommand({ AccessToken }))).toMatchObject({
      Username: 'opal',
      ConfiguredUserAuthFactors: ['PASSWORD'],
      UserMFASettingList: ['SOFTWARE_TOKEN_MFA'],
    })

    const challenged = await passwordSignIn(clientId, 'opal')
    expect(challenged.ChallengeName).toBe('SOFTWARE_TOKEN_MFA')
    expect(challenged.AuthenticationResult).toBeUndefined()
    const answer = (Session: string, code: string) =>
      sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          Session,
          ChallengeResponses: { USERNAME: 'opal', SOFTWARE_TOKEN_MFA_CODE: code },
        }),
      )
    await expect(answer(challenged.Session!, totp(SecretCode!, 7))).rejects.toMatchObject({
      name: 'CodeMismatchException',
    })
    // The code used to verify the authenticator (step -1) cannot sign in.
    await expect(answer(challenged.Session!, totp(SecretCode!, -1))).rejects.toMatchObject({
      name: 'CodeMismatchException',
    })
    expect(
      (await answer(challenged.Session!, totp(SecretCode!, 0))).AuthenticationResult?.AccessToken,
    ).toBeTruthy()
    const again = await passwordSignIn(clientId, 'opal')
    await expect(answer(again.Session!, totp(SecretCode!, 0))).rejects.toMatchObject({
      name: 'CodeMismatchException',
    })
    expect(
      (await answer(again.Session!, totp(SecretCode!, 1))).AuthenticationResult?.IdToken,
    ).toBeTruthy()
    await expect(answer('not-a-session-at-all-0000', totp(SecretCode!, 1))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    })
  })

  it('counts wrong codes like wrong passwords, so guessing ends in a lockout', async () => {
    await awayFromStepEdge()
    await confirmedUser(poolId, 'quartz')
    const { AccessToken } = (await passwordSignIn(clientId, 'quartz')).AuthenticationResult!
    const { SecretCode } = await sdk.send(new AssociateSoftwareTokenCommand({ AccessToken }))
    await sdk.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: totp(SecretCode!) }))
    await sdk.send(
      new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true } }),
    )
    const { Session } = await passwordSignIn(clientId, 'quartz')
    const answer = (code: string) =>
      sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          Session,
          ChallengeResponses: { USERNAME: 'quartz', SOFTWARE_TOKEN_MFA_CODE: code },
        }),
      )
    const wrong = [3, 4, 5, 6, 7].map((offset) => totp(SecretCode!, offset))
    for (const code of wrong)
      await expect(answer(code)).rejects.toMatchObject({ name: 'CodeMismatchException' })
    await expect(answer(totp(SecretCode!, 1))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Password attempts exceeded',
    })
  })

  it("lets an administrator turn a user's TOTP off, and reports it in AdminGetUser", async () => {
    await awayFromStepEdge()
    await confirmedUser(poolId, 'piet')
    const { AccessToken } = (await passwordSignIn(clientId, 'piet')).AuthenticationResult!
    const { SecretCode } = await sdk.send(new AssociateSoftwareTokenCommand({ AccessToken }))
    await sdk.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: totp(SecretCode!) }))
    await admin.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: poolId,
        Username: 'piet',
        SoftwareTokenMfaSettings: { Enabled: true },
      }),
    )
    expect(
      (await admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'piet' })))
        .UserMFASettingList,
    ).toEqual(['SOFTWARE_TOKEN_MFA'])
    expect((await passwordSignIn(clientId, 'piet')).ChallengeName).toBe('SOFTWARE_TOKEN_MFA')
    await expect(
      admin.send(
        new AdminSetUserMFAPreferenceCommand({
          UserPoolId: poolId,
          Username: 'piet',
          SMSMfaSettings: { Enabled: true },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await admin.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: poolId,
        Username: 'piet',
        SoftwareTokenMfaSettings: { Enabled: false },
      }),
    )
    expect((await passwordSignIn(clientId, 'piet')).AuthenticationResult).toBeTruthy()
  })
})

describe('TOTP MFA required, with amazon-cognito-identity-js', () => {
  let poolId: string
  let userPool: CognitoUserPool

  beforeAll(async () => {
    poolId = await createPool()
    await admin.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        SoftwareTokenMfaConfiguration: { Enabled: true },
        MfaConfiguration: 'ON',
      }),
    )
    const { clientId } = await createAppClient(poolId)
    userPool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: endpoint() })
  })

  it('sets up an authenticator during the first sign-in (SRP), then asks for its code', async () => {
    await awayFromStepEdge()
    await confirmedUser(poolId, 'quill')
    const user = new CognitoUser({ Username: 'quill', Pool: userPool })
    let secret = ''
    const first = await new Promise<CognitoUserSession>((resolve, reject) =>
      user.authenticateUser(new AuthenticationDetails({ Username: 'quill', Password: PASSWORD }), {
        onSuccess: resolve,
        onFailure: reject,
        mfaSetup: () =>
          user.associateSoftwareToken({
            associateSecretCode: (code: string) => {
              secret = code
              user.verifySoftwareToken(totp(secret, -1), 'laptop', {
                onSuccess: resolve,
                onFailure: reject,
              })
            },
            onFailure: reject,
          }),
      }),
    )
    expect(first.isValid()).toBe(true)
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)

    const again = new CognitoUser({ Username: 'quill', Pool: userPool })
    const second = await new Promise<CognitoUserSession>((resolve, reject) =>
      again.authenticateUser(new AuthenticationDetails({ Username: 'quill', Password: PASSWORD }), {
        onSuccess: resolve,
        onFailure: reject,
        totpRequired: () =>
          again.sendMFACode(
            totp(secret, 0),
            { onSuccess: resolve, onFailure: reject },
            'SOFTWARE_TOKEN_MFA',
          ),
      }),
    )
    expect(second.getIdToken().decodePayload()['cognito:username']).toBe('quill')
    // Required MFA cannot be switched off by the user.
    await expect(
      sdk.send(
        new SetUserMFAPreferenceCommand({
          AccessToken: second.getAccessToken().getJwtToken(),
          SoftwareTokenMfaSettings: { Enabled: false },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
  })

  it('never issues tokens before the second factor: MFA_SETUP sessions only work in order', async () => {
    await confirmedUser(poolId, 'rook')
    const challenged = await sdk.send(
      new InitiateAuthCommand({
        ClientId: userPool.getClientId(),
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'rook', PASSWORD },
      }),
    )
    expect(challenged.ChallengeName).toBe('MFA_SETUP')
    expect(JSON.parse(challenged.ChallengeParameters!.MFAS_CAN_SETUP!)).toEqual([
      'SOFTWARE_TOKEN_MFA',
    ])
    // Skipping VerifySoftwareToken does not finish the sign-in.
    await expect(
      sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: userPool.getClientId(),
          ChallengeName: 'MFA_SETUP',
          Session: challenged.Session!,
          ChallengeResponses: { USERNAME: 'rook' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' })
    const associated = await sdk.send(
      new AssociateSoftwareTokenCommand({ Session: challenged.Session! }),
    )
    await expect(
      sdk.send(
        new VerifySoftwareTokenCommand({
          Session: associated.Session!,
          UserCode: '000000' === totp(associated.SecretCode!) ? '111111' : '000000',
        }),
      ),
    ).rejects.toMatchObject({ name: 'EnableSoftwareTokenMFAException' })
    expect(
      (await admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'rook' })))
        .UserMFASettingList,
    ).toEqual([])
  })
})

describe('TOTP MFA in the hosted UI, in Chromium', () => {
  let browser: Browser
  let callback: Awaited<ReturnType<typeof callbackServer>>
  let poolId: string
  let config: oidc.Configuration

  beforeAll(async () => {
    browser = await launchChromium()
    callback = await callbackServer()
    poolId = await createPool()
    await admin.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        SoftwareTokenMfaConfiguration: { Enabled: true },
        MfaConfiguration: 'ON',
      }),
    )
    const { clientId } = await createAppClient(poolId, {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid'],
      CallbackURLs: ['http://127.0.0.1/callback'],
    })
    config = await oidc.discovery(
      new URL(`${endpoint()}/${poolId}`),
      clientId,
      undefined,
      oidc.None(),
      { execute: [oidc.allowInsecureRequests] },
    )
  })

  afterAll(async () => {
    await browser?.close()
    await callback?.close()
  })

  it('sets up an authenticator on the first sign-in, then asks for a code, and only then returns to the client', async () => {
    await awayFromStepEdge()
    await confirmedUser(poolId, 'sage')
    const verifier = oidc.randomPKCECodeVerifier()
    const authorizeUrl = async () =>
      oidc.buildAuthorizationUrl(config, {
        redirect_uri: `${callback.base}/callback`,
        scope: 'openid',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state: 'mfa',
      })
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto((await authorizeUrl()).href)
    await page.getByLabel('Username or email').fill('sage')
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    const secret = (await page.locator('#totp-secret').textContent())!.trim()
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(await page.locator('#totp-uri').getAttribute('href')).toContain(`secret=${secret}`)
    // A mistyped code shows the same key again with an error; nothing reaches the client.
    await page.getByLabel('Code from your authenticator app').fill(totp(secret, 9))
    await page.getByRole('button', { name: 'Verify and sign in' }).click()
    expect(await page.getByRole('alert').textContent()).toContain('That code is not right')
    expect((await page.locator('#totp-secret').textContent())!.trim()).toBe(secret)
    await page.getByLabel('Code from your authenticator app').fill(totp(secret, -1))
    await Promise.all([
      page.waitForURL(`${callback.base}/callback**`),
      page.getByRole('button', { name: 'Verify and sign in' }).click(),
    ])
    // Only now, after the second factor, does the browser reach the client with a code.
    expect(new URL(page.url()).searchParams.get('code')).toBeTruthy()
    const tokens = await oidc.authorizationCodeGrant(config, new URL(page.url()), {
      pkceCodeVerifier: verifier,
      expectedState: 'mfa',
    })
    expect(tokens.claims()?.['cognito:username']).toBe('sage')

    // A new browser: password, then a wrong code, then the right one.
    const fresh = await browser.newContext()
    const second = await fresh.newPage()
    await second.goto((await authorizeUrl()).href)
    await second.getByLabel('Username or email').fill('sage')
    await second.getByLabel('Password').fill(PASSWORD)
    await second.getByRole('button', { name: 'Sign in' }).click()
    await second.getByLabel('Code from your authenticator app').fill(totp(secret, 9))
    await second.getByRole('button', { name: 'Sign in' }).click()
    expect(await second.getByRole('alert').textContent()).toContain('That code is not right')
    await second.getByLabel('Code from your authenticator app').fill(totp(secret, 0))
    await Promise.all([
      second.waitForURL(`${callback.base}/callback**`),
      second.getByRole('button', { name: 'Sign in' }).click(),
    ])
    await context.close()
    await fresh.close()
  })
})
