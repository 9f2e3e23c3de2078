import { decodeJwt } from 'jose'
import { beforeEach, describe, expect, it } from 'vitest'
import { testApp, type TestApp } from './support/app'
import { authenticator } from './support/authenticator'
import { newDeviceSecret, srpExchange, type DeviceSecret } from './support/srp-client'

const PASSWORD = 'Device-Unit-Pass-42'
type Json = Record<string, unknown>
type Tokens = {
  AccessToken: string
  RefreshToken?: string
  NewDeviceMetadata?: { DeviceKey: string; DeviceGroupKey: string }
}

const json = async (response: Response) => (await response.json()) as Json

interface Fixture {
  app: TestApp
  poolId: string
  clientId: string
  call(operation: string, body: Json): Promise<Json>
  /** The error type of a call that must fail. */
  fails(operation: string, body: Json): Promise<{ type: string; message: string }>
  createUser(name: string): Promise<void>
  passwordStep(name: string, deviceKey?: string): Promise<Json>
  /** Signs in without a device and confirms the one handed out: the device's secret and the tokens. */
  rememberNewDevice(
    name: string,
    totpSecret?: string,
  ): Promise<{ device: DeviceSecret; tokens: Tokens }>
  /** DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER for a challenge's Session. */
  proveDevice(name: string, session: unknown, device: DeviceSecret): Promise<Json>
  turnOnTotp(name: string): Promise<string>
}

async function fixture(
  deviceConfiguration: Json,
  mfa: 'OFF' | 'OPTIONAL' = 'OPTIONAL',
  poolMembers: Json = {},
): Promise<Fixture> {
  const app = testApp()
  app.advance(15_000 - (app.now() % 30_000))
  const poolId = (
    (await app.admin('CreateUserPool', {
      PoolName: 'devices',
      DeviceConfiguration: deviceConfiguration,
      ...poolMembers,
    })) as { UserPool: { Id: string } }
  ).UserPool.Id
  if (mfa !== 'OFF')
    await app.admin('SetUserPoolMfaConfig', {
      UserPoolId: poolId,
      MfaConfiguration: mfa,
      SoftwareTokenMfaConfiguration: { Enabled: true },
    })
  const clientId = (
    (await app.admin('CreateUserPoolClient', {
      UserPoolId: poolId,
      ClientName: 'app',
      ExplicitAuthFlows: [
        'ALLOW_USER_PASSWORD_AUTH',
        'ALLOW_USER_SRP_AUTH',
        'ALLOW_REFRESH_TOKEN_AUTH',
      ],
      PreventUserExistenceErrors: 'ENABLED',
    })) as { UserPoolClient: { ClientId: string } }
  ).UserPoolClient.ClientId
  const call = async (operation: string, body: Json) => {
    const response = await app.call(operation, body)
    const answer = await json(response)
    if (response.status !== 200) throw new Error(`${operation}: ${JSON.stringify(answer)}`)
    return answer
  }
  const fails = async (operation: string, body: Json) => {
    const response = await app.call(operation, body)
    const answer = await json(response)
    expect(response.status, JSON.stringify(answer)).toBe(400)
    return { type: String(answer.__type), message: String(answer.message) }
  }
  const passwordStep = (name: string, deviceKey?: string) =>
    call('InitiateAuth', {
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: name, PASSWORD, ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) },
    })
  const self: Fixture = {
    app,
    poolId,
    clientId,
    call,
    fails,
    passwordStep,
    async createUser(name) {
      await app.admin('AdminCreateUser', {
        UserPoolId: poolId,
        Username: name,
        MessageAction: 'SUPPRESS',
      })
      await app.admin('AdminSetUserPassword', {
        UserPoolId: poolId,
        Username: name,
        Password: PASSWORD,
        Permanent: true,
      })
    },
    async rememberNewDevice(name, totpSecret) {
      let answer = await passwordStep(name)
      if (answer.ChallengeName === 'SOFTWARE_TOKEN_MFA')
        answer = await call('RespondToAuthChallenge', {
          ClientId: clientId,
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          Session: answer.Session,
          ChallengeResponses: {
            USERNAME: name,
            SOFTWARE_TOKEN_MFA_CODE: authenticator(totpSecret!, app.now()),
          },
        })
      const tokens = answer.AuthenticationResult as Tokens
      const metadata = tokens.NewDeviceMetadata!
      const device = await newDeviceSecret(metadata.DeviceGroupKey, metadata.DeviceKey)
      await call('ConfirmDevice', {
        AccessToken: tokens.AccessToken,
        DeviceKey: device.deviceKey,
        DeviceSecretVerifierConfig: device.config,
        DeviceName: 'unit-test browser',
      })
      return { device, tokens }
    },
    async proveDevice(name, session, device) {
      const exchange = await srpExchange(device.groupKey)
      const challenge = await call('RespondToAuthChallenge', {
        ClientId: clientId,
        ChallengeName: 'DEVICE_SRP_AUTH',
        Session: session,
        ChallengeResponses: { USERNAME: name, DEVICE_KEY: device.deviceKey, SRP_A: exchange.A },
      })
      expect(challenge.ChallengeName).toBe('DEVICE_PASSWORD_VERIFIER')
      const parameters = challenge.ChallengeParameters as Record<string, string>
      const claim = await exchange.claim(parameters, device.deviceKey, device.password)
      return call('RespondToAuthChallenge', {
        ClientId: clientId,
        ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
        Session: challenge.Session,
        ChallengeResponses: { ...claim, DEVICE_KEY: device.deviceKey },
      })
    },
    async turnOnTotp(name) {
      const answer = await passwordStep(name)
      const tokens = answer.AuthenticationResult as Tokens
      const { SecretCode } = await call('AssociateSoftwareToken', {
        AccessToken: tokens.AccessToken,
      })
      await call('VerifySoftwareToken', {
        AccessToken: tokens.AccessToken,
        UserCode: authenticator(String(SecretCode), app.now()),
      })
      await call('SetUserMFAPreference', {
        AccessToken: tokens.AccessToken,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      })
      // The next code must come from a later step than the one just used.
      app.advance(30_000)
      return String(SecretCode)
    },
  }
  return self
}

const mfaAnswer = (f: Fixture, name: string, session: unknown, secret: string) =>
  f.call('RespondToAuthChallenge', {
    ClientId: f.clientId,
    ChallengeName: 'SOFTWARE_TOKEN_MFA',
    Session: session,
    ChallengeResponses: {
      USERNAME: name,
      SOFTWARE_TOKEN_MFA_CODE: authenticator(secret, f.app.now()),
    },
  })

describe('remembered devices: configuration and the device handed out at sign-in', () => {
  it('keeps DeviceConfiguration and refuses members of the wrong type', async () => {
    const f = await fixture({
      ChallengeRequiredOnNewDevice: true,
      DeviceOnlyRememberedOnUserPrompt: false,
    })
    const described = (await f.app.admin('DescribeUserPool', { UserPoolId: f.poolId })) as {
      UserPool: Json
    }
    expect(described.UserPool.DeviceConfiguration).toEqual({
      ChallengeRequiredOnNewDevice: true,
      DeviceOnlyRememberedOnUserPrompt: false,
    })
    await expect(
      f.app.admin('UpdateUserPool', {
        UserPoolId: f.poolId,
        DeviceConfiguration: { ChallengeRequiredOnNewDevice: 'yes' },
      }),
    ).rejects.toThrow(/SerializationException/)
  })

  it('hands out no device where the pool tracks none', async () => {
    const f = await fixture({}, 'OFF')
    await f.createUser('nora')
    const tokens = (await f.passwordStep('nora')).AuthenticationResult as Tokens
    expect(tokens.NewDeviceMetadata).toBeUndefined()
    expect(decodeJwt(tokens.AccessToken).device_key).toBeUndefined()
  })

  it('hands out a device at sign-in, lists it once confirmed, with its name, status, address and dates', async () => {
    const f = await fixture(
      { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false },
      'OFF',
    )
    await f.createUser('dana')
    const tokens = (await f.passwordStep('dana')).AuthenticationResult as Tokens
    const metadata = tokens.NewDeviceMetadata!
    expect(metadata.DeviceKey).toMatch(
      /^us-east-1_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    )
    expect(metadata.DeviceGroupKey).toMatch(/^\S+$/)
    expect(decodeJwt(tokens.AccessToken).device_key).toBe(metadata.DeviceKey)
    // Not a device until it is confirmed.
    expect((await f.call('ListDevices', { AccessToken: tokens.AccessToken })).Devices).toEqual([])
    const device = await newDeviceSecret(metadata.DeviceGroupKey, metadata.DeviceKey)
    const createdAt = f.app.now() / 1000
    f.app.advance(5_000)
    const confirmed = await f.call('ConfirmDevice', {
      AccessToken: tokens.AccessToken,
      DeviceKey: device.deviceKey,
      DeviceSecretVerifierConfig: device.config,
      DeviceName: 'Dana’s laptop',
    })
    expect(confirmed).toEqual({ UserConfirmationNecessary: false })
    const listed = (await f.call('ListDevices', { AccessToken: tokens.AccessToken }))
      .Devices as Json[]
    expect(listed).toEqual([
      {
        DeviceKey: device.deviceKey,
        DeviceAttributes: [
          { Name: 'device_status', Value: 'valid' },
          { Name: 'device_name', Value: 'Dana’s laptop' },
          { Name: 'dev:device_remembered_status', Value: 'remembered' },
        ],
        DeviceCreateDate: createdAt,
        DeviceLastModifiedDate: createdAt + 5,
        DeviceLastAuthenticatedDate: createdAt,
      },
    ])
    const got = await f.call('GetDevice', {
      AccessToken: tokens.AccessToken,
      DeviceKey: device.deviceKey,
    })
    expect(got.Device).toEqual(listed[0])
    const admin = await f.app.admin('AdminGetDevice', {
      UserPoolId: f.poolId,
      Username: 'dana',
      DeviceKey: device.deviceKey,
    })
    expect(admin.Device).toEqual(listed[0])
    // Signing in on it: device SRP, no new device, the token names it, the date moves.
    f.app.advance(60_000)
    const challenge = await f.passwordStep('dana', device.deviceKey)
    expect(challenge.ChallengeName).toBe('DEVICE_SRP_AUTH')
    const signedIn = (await f.proveDevice('dana', challenge.Session, device))
      .AuthenticationResult as Tokens
    expect(signedIn.NewDeviceMetadata).toBeUndefined()
    expect(decodeJwt(signedIn.AccessToken).device_key).toBe(device.deviceKey)
    const after = (
      await f.call('GetDevice', { AccessToken: signedIn.AccessToken, DeviceKey: device.deviceKey })
    ).Device as Json
    expect(after.DeviceLastAuthenticatedDate).toBe(createdAt + 65)
  })

  it('asks the user first when DeviceOnlyRememberedOnUserPrompt is on', async () => {
    const f = await fixture({
      ChallengeRequiredOnNewDevice: true,
      DeviceOnlyRememberedOnUserPrompt: true,
    })
    await f.createUser('uma')
    const tokens = (await f.passwordStep('uma')).AuthenticationResult as Tokens
    const metadata = tokens.NewDeviceMetadata!
    const device = await newDeviceSecret(metadata.DeviceGroupKey, metadata.DeviceKey)
    const confirmed = await f.call('ConfirmDevice', {
      AccessToken: tokens.AccessToken,
      DeviceKey: device.deviceKey,
      DeviceSecretVerifierConfig: device.config,
    })
    expect(confirmed).toEqual({ UserConfirmationNecessary: true })
    const got = (
      await f.call('GetDevice', { AccessToken: tokens.AccessToken, DeviceKey: device.deviceKey })
    ).Device as { DeviceAttributes: Json[] }
    expect(got.DeviceAttributes).toContainEqual({
      Name: 'dev:device_remembered_status',
      Value: 'not_remembered',
    })
    await f.call('UpdateDeviceStatus', {
      AccessToken: tokens.AccessToken,
      DeviceKey: device.deviceKey,
      DeviceRememberedStatus: 'remembered',
    })
    const now = (
      await f.call('GetDevice', { AccessToken: tokens.AccessToken, DeviceKey: device.deviceKey })
    ).Device as { DeviceAttributes: Json[] }
    expect(now.DeviceAttributes).toContainEqual({
      Name: 'dev:device_remembered_status',
      Value: 'remembered',
    })
  })

  it('pages ListDevices and AdminListDevices, each token for its own user only', async () => {
    const f = await fixture(
      { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false },
      'OFF',
    )
    await f.createUser('pat')
    await f.createUser('quin')
    const keys: string[] = []
    let tokens: Tokens | undefined
    for (let i = 0; i < 3; i++) {
      const remembered = await f.rememberNewDevice('pat')
      keys.push(remembered.device.deviceKey)
      tokens = remembered.tokens
    }
    const seen: string[] = []
    let token: unknown
    do {
      const page = await f.call('ListDevices', {
        AccessToken: tokens!.AccessToken,
        Limit: 2,
        ...(token ? { PaginationToken: token } : {}),
      })
      seen.push(...(page.Devices as Array<{ DeviceKey: string }>).map((d) => d.DeviceKey))
      token = page.PaginationToken
    } while (token)
    expect(seen.sort()).toEqual([...keys].sort())
    const first = (await f.app.admin('AdminListDevices', {
      UserPoolId: f.poolId,
      Username: 'pat',
      Limit: 1,
    })) as Json
    expect(first.Devices).toHaveLength(1)
    const quin = (await f.passwordStep('quin')).AuthenticationResult as Tokens
    const stolen = await f.fails('ListDevices', {
      AccessToken: quin.AccessToken,
      PaginationToken: first.PaginationToken,
    })
    expect(stolen.type).toBe('InvalidParameterException')
  })
})

describe('a remembered device stands in for MFA where the pool allows it', () => {
  let f: Fixture
  let secret: string
  beforeEach(async () => {
    f = await fixture({
      ChallengeRequiredOnNewDevice: true,
      DeviceOnlyRememberedOnUserPrompt: false,
    })
    await f.createUser('tess')
    secret = await f.turnOnTotp('tess')
  })

  it('skips TOTP on the remembered device, asks again once it is not remembered or forgotten', async () => {
    const { device } = await f.rememberNewDevice('tess', secret)
    f.app.advance(30_000)
    // Remembered: device SRP, then tokens, no code.
    const onDevice = await f.passwordStep('tess', device.deviceKey)
    expect(onDevice.ChallengeName).toBe('DEVICE_SRP_AUTH')
    const tokens = (await f.proveDevice('tess', onDevice.Session, device))
      .AuthenticationResult as Tokens
    expect(decodeJwt(tokens.AccessToken).device_key).toBe(device.deviceKey)

    // Not remembered: the code first, then the device proves itself.
    await f.call('UpdateDeviceStatus', {
      AccessToken: tokens.AccessToken,
      DeviceKey: device.deviceKey,
      DeviceRememberedStatus: 'not_remembered',
    })
    const notRemembered = await f.passwordStep('tess', device.deviceKey)
    expect(notRemembered.ChallengeName).toBe('SOFTWARE_TOKEN_MFA')
    const afterCode = await mfaAnswer(f, 'tess', notRemembered.Session, secret)
    expect(afterCode.ChallengeName).toBe('DEVICE_SRP_AUTH')
    const viaCode = (await f.proveDevice('tess', afterCode.Session, device))
      .AuthenticationResult as Tokens
    expect(decodeJwt(viaCode.AccessToken).device_key).toBe(device.deviceKey)
    expect(viaCode.NewDeviceMetadata).toBeUndefined()

    // Forgotten: the key is no device; without it, the code and a new device.
    await f.call('ForgetDevice', { AccessToken: tokens.AccessToken, DeviceKey: device.deviceKey })
    const forgotten = await f.fails('InitiateAuth', {
      ClientId: f.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'tess', PASSWORD, DEVICE_KEY: device.deviceKey },
    })
    expect(forgotten).toEqual({
      type: 'ResourceNotFoundException',
      message: 'Device does not exist.',
    })
    const again = await f.passwordStep('tess')
    expect(again.ChallengeName).toBe('SOFTWARE_TOKEN_MFA')
    f.app.advance(30_000)
    const fresh = (await mfaAnswer(f, 'tess', again.Session, secret)).AuthenticationResult as Tokens
    expect(fresh.NewDeviceMetadata?.DeviceKey).not.toBe(device.deviceKey)
  })

  it('asks for the code after all when the device stops being remembered during its exchange', async () => {
    const { device } = await f.rememberNewDevice('tess', secret)
    f.app.advance(30_000)
    const onDevice = await f.passwordStep('tess', device.deviceKey)
    expect(onDevice.ChallengeName).toBe('DEVICE_SRP_AUTH')
    await f.app.admin('AdminUpdateDeviceStatus', {
      UserPoolId: f.poolId,
      Username: 'tess',
      DeviceKey: device.deviceKey,
      DeviceRememberedStatus: 'not_remembered',
    })
    const proven = await f.proveDevice('tess', onDevice.Session, device)
    expect(proven.ChallengeName).toBe('SOFTWARE_TOKEN_MFA')
    const tokens = (await mfaAnswer(f, 'tess', proven.Session, secret))
      .AuthenticationResult as Tokens
    expect(decodeJwt(tokens.AccessToken).device_key).toBe(device.deviceKey)
    expect(tokens.NewDeviceMetadata).toBeUndefined()
  })

  it('does the same over USER_SRP_AUTH, where DEVICE_KEY comes with the password claim', async () => {
    const { device } = await f.rememberNewDevice('tess', secret)
    const exchange = await srpExchange(f.poolId.split('_')[1]!)
    const started = await f.call('InitiateAuth', {
      ClientId: f.clientId,
      AuthFlow: 'USER_SRP_AUTH',
      AuthParameters: { USERNAME: 'tess', SRP_A: exchange.A },
    })
    const parameters = started.ChallengeParameters as Record<string, string>
    const claim = await exchange.claim(parameters, parameters.USER_ID_FOR_SRP!, PASSWORD)
    const answer = await f.call('RespondToAuthChallenge', {
      ClientId: f.clientId,
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: { ...claim, DEVICE_KEY: device.deviceKey },
    })
    expect(answer.ChallengeName).toBe('DEVICE_SRP_AUTH')
    const tokens = (await f.proveDevice('tess', answer.Session, device))
      .AuthenticationResult as Tokens
    expect(decodeJwt(tokens.AccessToken).device_key).toBe(device.deviceKey)
  })

  it('keeps MFA on remembered devices when ChallengeRequiredOnNewDevice is off', async () => {
    const g = await fixture({
      ChallengeRequiredOnNewDevice: false,
      DeviceOnlyRememberedOnUserPrompt: false,
    })
    await g.createUser('tess')
    const totp = await g.turnOnTotp('tess')
    const { device } = await g.rememberNewDevice('tess', totp)
    g.app.advance(30_000)
    const answer = await g.passwordStep('tess', device.deviceKey)
    expect(answer.ChallengeName).toBe('SOFTWARE_TOKEN_MFA')
    const afterCode = await mfaAnswer(g, 'tess', answer.Session, totp)
    expect(afterCode.ChallengeName).toBe('DEVICE_SRP_AUTH')
  })

  it('survives a global sign-out: the device still stands in for MFA, its old refresh token is revoked', async () => {
    const { device, tokens } = await f.rememberNewDevice('tess', secret)
    f.app.advance(1_000)
    await f.call('GlobalSignOut', { AccessToken: tokens.AccessToken })
    const refused = await f.fails('InitiateAuth', {
      ClientId: f.clientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken, DEVICE_KEY: device.deviceKey },
    })
    expect(refused.type).toBe('NotAuthorizedException')
    f.app.advance(1_000)
    const answer = await f.passwordStep('tess', device.deviceKey)
    expect(answer.ChallengeName).toBe('DEVICE_SRP_AUTH')
  })
})

describe('deleting a user', () => {
  it('forgets its devices, and a user created again under the name has none', async () => {
    const f = await fixture(
      { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false },
      'OFF',
    )
    await f.createUser('gone')
    await f.rememberNewDevice('gone')
    await f.passwordStep('gone')
    const stores = f.app.runtime.services.stores
    const devicesStored = async () => {
      let count = 0
      for (let partition = 0; partition < 3; partition++)
        count += await stores.directory(f.poolId, partition).count('device:')
      return count
    }
    expect(await devicesStored()).toBe(2)
    await f.app.admin('AdminDeleteUser', { UserPoolId: f.poolId, Username: 'gone' })
    expect(await devicesStored()).toBe(0)
    await f.createUser('gone')
    const listed = (await f.app.admin('AdminListDevices', {
      UserPoolId: f.poolId,
      Username: 'gone',
    })) as Json
    expect(listed.Devices).toEqual([])
  })
})

describe('a remembered device and an emailed code', () => {
  it('stands in for EMAIL_OTP when remembered, and proves itself after the code when not', async () => {
    const role = 'arn:aws:iam::123456789012:role/cognito-mail'
    const f = await fixture(
      { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
      'OFF',
      { EmailConfiguration: { EmailSendingAccount: 'DEVELOPER', SourceArn: role } },
    )
    await f.app.admin('SetUserPoolMfaConfig', {
      UserPoolId: f.poolId,
      MfaConfiguration: 'OPTIONAL',
      EmailMfaConfiguration: { Message: 'Sign in with {####}', Subject: 'Your code' },
    })
    await f.app.admin('AdminCreateUser', {
      UserPoolId: f.poolId,
      Username: 'eve',
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: 'eve@example.com' },
        { Name: 'email_verified', Value: 'true' },
      ],
    })
    await f.app.admin('AdminSetUserPassword', {
      UserPoolId: f.poolId,
      Username: 'eve',
      Password: PASSWORD,
      Permanent: true,
    })
    await f.app.admin('AdminSetUserMFAPreference', {
      UserPoolId: f.poolId,
      Username: 'eve',
      EmailMfaSettings: { Enabled: true, PreferredMfa: true },
    })
    const emailed = (session: unknown) =>
      f.call('RespondToAuthChallenge', {
        ClientId: f.clientId,
        ChallengeName: 'EMAIL_OTP',
        Session: session,
        ChallengeResponses: { USERNAME: 'eve', EMAIL_OTP_CODE: f.app.sent.at(-1)!.code! },
      })
    const first = await f.passwordStep('eve')
    expect(first.ChallengeName).toBe('EMAIL_OTP')
    const tokens = (await emailed(first.Session)).AuthenticationResult as Tokens
    const { DeviceKey, DeviceGroupKey } = tokens.NewDeviceMetadata!
    const device = await newDeviceSecret(DeviceGroupKey, DeviceKey)
    await f.call('ConfirmDevice', {
      AccessToken: tokens.AccessToken,
      DeviceKey,
      DeviceSecretVerifierConfig: device.config,
    })
    const remembered = await f.passwordStep('eve', DeviceKey)
    expect(remembered.ChallengeName).toBe('DEVICE_SRP_AUTH')
    expect(
      (await f.proveDevice('eve', remembered.Session, device)).AuthenticationResult,
    ).toBeDefined()
    await f.call('UpdateDeviceStatus', {
      AccessToken: tokens.AccessToken,
      DeviceKey,
      DeviceRememberedStatus: 'not_remembered',
    })
    const notRemembered = await f.passwordStep('eve', DeviceKey)
    expect(notRemembered.ChallengeName).toBe('EMAIL_OTP')
    const afterCode = await emailed(notRemembered.Session)
    expect(afterCode.ChallengeName).toBe('DEVICE_SRP_AUTH')
    const signedIn = (await f.proveDevice('eve', afterCode.Session, device))
      .AuthenticationResult as Tokens
    expect(decodeJwt(signedIn.AccessToken).device_key).toBe(DeviceKey)
  })
})

describe('refreshing a device’s tokens', () => {
  it('needs the device’s key, and ends when the device is forgotten', async () => {
    const f = await fixture(
      { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false },
      'OFF',
    )
    await f.createUser('rex')
    const { device, tokens } = await f.rememberNewDevice('rex')
    const refresh = (deviceKey?: string) => ({
      ClientId: f.clientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: {
        REFRESH_TOKEN: tokens.RefreshToken,
        ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}),
      },
    })
    expect((await f.fails('InitiateAuth', refresh())).type).toBe('NotAuthorizedException')
    const refreshed = (await f.call('InitiateAuth', refresh(device.deviceKey)))
      .AuthenticationResult as Tokens
    expect(decodeJwt(refreshed.AccessToken).device_key).toBe(device.deviceKey)
    const viaOperation = await f.call('GetTokensFromRefreshToken', {
      ClientId: f.clientId,
      RefreshToken: tokens.RefreshToken,
      DeviceKey: device.deviceKey,
    })
    expect(viaOperation.AuthenticationResult).toBeDefined()
    await f.app.admin('AdminForgetDevice', {
      UserPoolId: f.poolId,
      Username: 'rex',
      DeviceKey: device.deviceKey,
    })
    expect((await f.fails('InitiateAuth', refresh(device.deviceKey))).type).toBe(
      'NotAuthorizedException',
    )
    const listed = (await f.app.admin('AdminListDevices', {
      UserPoolId: f.poolId,
      Username: 'rex',
    })) as Json
    expect(listed.Devices).toEqual([])
  })
})

describe('attacks on remembered devices', () => {
  let f: Fixture
  beforeEach(async () => {
    f = await fixture({
      ChallengeRequiredOnNewDevice: true,
      DeviceOnlyRememberedOnUserPrompt: false,
    })
    await f.createUser('alice')
    await f.createUser('mallory')
  })

  it('a device key of another user, or of another pool, is no device', async () => {
    const { device } = await f.rememberNewDevice('alice')
    const mallory = (await f.passwordStep('mallory')).AuthenticationResult as Tokens
    const borrowed = await f.fails('InitiateAuth', {
      ClientId: f.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'mallory', PASSWORD, DEVICE_KEY: device.deviceKey },
    })
    expect(borrowed).toEqual({
      type: 'ResourceNotFoundException',
      message: 'Device does not exist.',
    })
    for (const operation of ['GetDevice', 'ForgetDevice'])
      expect(
        (
          await f.fails(operation, {
            AccessToken: mallory.AccessToken,
            DeviceKey: device.deviceKey,
          })
        ).type,
      ).toBe('ResourceNotFoundException')
    const update = await f.fails('UpdateDeviceStatus', {
      AccessToken: mallory.AccessToken,
      DeviceKey: device.deviceKey,
      DeviceRememberedStatus: 'not_remembered',
    })
    expect(update.type).toBe('ResourceNotFoundException')
    // Nor does Mallory's own access token confirm Alice's key.
    const taken = await f.fails('ConfirmDevice', {
      AccessToken: mallory.AccessToken,
      DeviceKey: device.deviceKey,
      DeviceSecretVerifierConfig: (await newDeviceSecret(device.groupKey, device.deviceKey)).config,
    })
    expect(taken.type).toBe('ResourceNotFoundException')

    const other = await fixture({
      ChallengeRequiredOnNewDevice: true,
      DeviceOnlyRememberedOnUserPrompt: false,
    })
    await other.createUser('alice')
    const elsewhere = await other.fails('InitiateAuth', {
      ClientId: other.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'alice', PASSWORD, DEVICE_KEY: device.deviceKey },
    })
    expect(elsewhere.type).toBe('ResourceNotFoundException')
  })

  it('a key handed out but never confirmed signs nothing in', async () => {
    const tokens = (await f.passwordStep('alice')).AuthenticationResult as Tokens
    const unconfirmed = await f.fails('InitiateAuth', {
      ClientId: f.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: {
        USERNAME: 'alice',
        PASSWORD,
        DEVICE_KEY: tokens.NewDeviceMetadata!.DeviceKey,
      },
    })
    expect(unconfirmed.type).toBe('ResourceNotFoundException')
  })

  it('confirms a device only with the access token of the sign-in it was handed out to', async () => {
    const first = (await f.passwordStep('alice')).AuthenticationResult as Tokens
    const second = (await f.passwordStep('alice')).AuthenticationResult as Tokens
    const { DeviceKey, DeviceGroupKey } = first.NewDeviceMetadata!
    const device = await newDeviceSecret(DeviceGroupKey, DeviceKey)
    const other = await f.fails('ConfirmDevice', {
      AccessToken: second.AccessToken,
      DeviceKey,
      DeviceSecretVerifierConfig: device.config,
    })
    expect(other).toEqual({ type: 'ResourceNotFoundException', message: 'Device does not exist.' })
  })

  it('refuses a degenerate verifier, and never replaces a confirmed one', async () => {
    const tokens = (await f.passwordStep('alice')).AuthenticationResult as Tokens
    const { DeviceKey, DeviceGroupKey } = tokens.NewDeviceMetadata!
    const device = await newDeviceSecret(DeviceGroupKey, DeviceKey)
    for (const verifier of ['AA==', 'AQ==', 'not base64!', ''])
      expect(
        (
          await f.fails('ConfirmDevice', {
            AccessToken: tokens.AccessToken,
            DeviceKey,
            DeviceSecretVerifierConfig: { Salt: device.config.Salt, PasswordVerifier: verifier },
          })
        ).type,
      ).toBe('InvalidParameterException')
    await f.call('ConfirmDevice', {
      AccessToken: tokens.AccessToken,
      DeviceKey,
      DeviceSecretVerifierConfig: device.config,
    })
    const forged = await newDeviceSecret(DeviceGroupKey, DeviceKey)
    const replaced = await f.fails('ConfirmDevice', {
      AccessToken: tokens.AccessToken,
      DeviceKey,
      DeviceSecretVerifierConfig: forged.config,
    })
    expect(replaced.type).toBe('DeviceKeyExistsException')
    // The forged secret does not answer for the device; the real one still does.
    const answer = await f.passwordStep('alice', DeviceKey)
    await expect(f.proveDevice('alice', answer.Session, forged)).rejects.toThrow(
      /NotAuthorizedException/,
    )
    const again = await f.passwordStep('alice', DeviceKey)
    expect((await f.proveDevice('alice', again.Session, device)).AuthenticationResult).toBeDefined()
  })

  it('answers a DEVICE_PASSWORD_VERIFIER claim once', async () => {
    const { device } = await f.rememberNewDevice('alice')
    const answer = await f.passwordStep('alice', device.deviceKey)
    const exchange = await srpExchange(device.groupKey)
    const challenge = await f.call('RespondToAuthChallenge', {
      ClientId: f.clientId,
      ChallengeName: 'DEVICE_SRP_AUTH',
      Session: answer.Session,
      ChallengeResponses: { USERNAME: 'alice', DEVICE_KEY: device.deviceKey, SRP_A: exchange.A },
    })
    const claim = await exchange.claim(
      challenge.ChallengeParameters as Record<string, string>,
      device.deviceKey,
      device.password,
    )
    const body = {
      ClientId: f.clientId,
      ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
      Session: challenge.Session,
      ChallengeResponses: { ...claim, DEVICE_KEY: device.deviceKey },
    }
    expect((await f.call('RespondToAuthChallenge', body)).AuthenticationResult).toBeDefined()
    expect((await f.fails('RespondToAuthChallenge', body)).type).toBe('NotAuthorizedException')
  })

  it('a user’s PASSWORD_VERIFIER secret block does not answer for a device', async () => {
    const { device } = await f.rememberNewDevice('alice')
    const exchange = await srpExchange(f.poolId.split('_')[1]!)
    const started = await f.call('InitiateAuth', {
      ClientId: f.clientId,
      AuthFlow: 'USER_SRP_AUTH',
      AuthParameters: { USERNAME: 'alice', SRP_A: exchange.A },
    })
    const parameters = started.ChallengeParameters as Record<string, string>
    const answer = await f.passwordStep('alice', device.deviceKey)
    const challenge = await f.call('RespondToAuthChallenge', {
      ClientId: f.clientId,
      ChallengeName: 'DEVICE_SRP_AUTH',
      Session: answer.Session,
      ChallengeResponses: { USERNAME: 'alice', DEVICE_KEY: device.deviceKey, SRP_A: exchange.A },
    })
    const claim = await exchange.claim(parameters, parameters.USER_ID_FOR_SRP!, PASSWORD)
    const swapped = await f.fails('RespondToAuthChallenge', {
      ClientId: f.clientId,
      ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
      Session: challenge.Session,
      ChallengeResponses: { ...claim, DEVICE_KEY: device.deviceKey },
    })
    expect(swapped.type).toBe('NotAuthorizedException')
  })

  it('an unknown DEVICE_KEY does not tell a known user from an unknown one', async () => {
    const unknownKey = 'us-east-1_00000000-0000-4000-8000-000000000000'
    const srpAnswer = async (name: string) => {
      const exchange = await srpExchange(f.poolId.split('_')[1]!)
      const started = await f.call('InitiateAuth', {
        ClientId: f.clientId,
        AuthFlow: 'USER_SRP_AUTH',
        AuthParameters: { USERNAME: name, SRP_A: exchange.A },
      })
      const parameters = started.ChallengeParameters as Record<string, string>
      const claim = await exchange.claim(parameters, parameters.USER_ID_FOR_SRP!, 'Wrong-Pass-1')
      return f.fails('RespondToAuthChallenge', {
        ClientId: f.clientId,
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeResponses: { ...claim, DEVICE_KEY: unknownKey },
      })
    }
    expect(await srpAnswer('alice')).toEqual(await srpAnswer('nobody-at-all'))
    const passwordAnswer = (name: string) =>
      f.fails('InitiateAuth', {
        ClientId: f.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: name, PASSWORD: 'Wrong-Pass-1', DEVICE_KEY: unknownKey },
      })
    expect(await passwordAnswer('alice')).toEqual(await passwordAnswer('nobody-at-all'))
  })

  it('an unknown DEVICE_KEY on a PASSWORD_VERIFIER leaves the secret block unspent, so the client answers again without it', async () => {
    const exchange = await srpExchange(f.poolId.split('_')[1]!)
    const started = await f.call('InitiateAuth', {
      ClientId: f.clientId,
      AuthFlow: 'USER_SRP_AUTH',
      AuthParameters: { USERNAME: 'alice', SRP_A: exchange.A },
    })
    const parameters = started.ChallengeParameters as Record<string, string>
    const claim = await exchange.claim(parameters, parameters.USER_ID_FOR_SRP!, PASSWORD)
    const stale = await f.fails('RespondToAuthChallenge', {
      ClientId: f.clientId,
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: {
        ...claim,
        DEVICE_KEY: 'us-east-1_00000000-0000-4000-8000-000000000000',
      },
    })
    expect(stale).toEqual({ type: 'ResourceNotFoundException', message: 'Device does not exist.' })
    const retried = await f.call('RespondToAuthChallenge', {
      ClientId: f.clientId,
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: claim,
    })
    expect((retried.AuthenticationResult as Tokens).NewDeviceMetadata).toBeDefined()
  })
})

describe('a device and MFA_SETUP', () => {
  const DEVICES = { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false }

  /** Sets up an authenticator in answer to MFA_SETUP and answers the challenge; the next answer. */
  async function setUpAuthenticator(f: Fixture, name: string, session: unknown): Promise<Json> {
    const associated = await f.call('AssociateSoftwareToken', { Session: session })
    const verified = await f.call('VerifySoftwareToken', {
      Session: associated.Session,
      UserCode: authenticator(String(associated.SecretCode), f.app.now()),
    })
    expect(verified.Status).toBe('SUCCESS')
    return f.call('RespondToAuthChallenge', {
      ClientId: f.clientId,
      ChallengeName: 'MFA_SETUP',
      Session: verified.Session,
      ChallengeResponses: { USERNAME: name },
    })
  }

  it('hands out a new device once setup completes', async () => {
    const f = await fixture(DEVICES)
    await f.app.admin('SetUserPoolMfaConfig', {
      UserPoolId: f.poolId,
      MfaConfiguration: 'ON',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    })
    await f.createUser('uma')
    const setup = await f.passwordStep('uma')
    expect(setup.ChallengeName).toBe('MFA_SETUP')
    const tokens = (await setUpAuthenticator(f, 'uma', setup.Session))
      .AuthenticationResult as Tokens
    expect(tokens.NewDeviceMetadata?.DeviceKey).toMatch(/^us-east-1_/)
    expect(decodeJwt(tokens.AccessToken).device_key).toBe(tokens.NewDeviceMetadata!.DeviceKey)
  })

  it('keeps the device the sign-in presented: it proves itself after setup, no new one', async () => {
    const f = await fixture(DEVICES)
    await f.createUser('uma')
    const { device } = await f.rememberNewDevice('uma')
    // MFA turns ON after the device was remembered: the user, with no factor, must set one up,
    // and a remembered device does not excuse that.
    await f.app.admin('SetUserPoolMfaConfig', {
      UserPoolId: f.poolId,
      MfaConfiguration: 'ON',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    })
    const setup = await f.passwordStep('uma', device.deviceKey)
    expect(setup.ChallengeName).toBe('MFA_SETUP')
    const afterSetup = await setUpAuthenticator(f, 'uma', setup.Session)
    expect(afterSetup.ChallengeName).toBe('DEVICE_SRP_AUTH')
    const tokens = (await f.proveDevice('uma', afterSetup.Session, device))
      .AuthenticationResult as Tokens
    expect(tokens.NewDeviceMetadata).toBeUndefined()
    expect(decodeJwt(tokens.AccessToken).device_key).toBe(device.deviceKey)
    const listed = (await f.app.admin('AdminListDevices', {
      UserPoolId: f.poolId,
      Username: 'uma',
    })) as Json
    expect((listed.Devices as Array<{ DeviceKey: string }>).map((d) => d.DeviceKey)).toEqual([
      device.deviceKey,
    ])
  })
})
