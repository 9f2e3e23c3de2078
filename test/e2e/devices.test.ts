import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminListDevicesCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  AssociateSoftwareTokenCommand,
  SetUserPoolMfaConfigCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js'
import { build } from 'esbuild'
import { createHmac } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AmplifyDevices } from './fixtures/amplify-devices/page'
import { launchChromium } from './support/browser'
import { adminClient, createAppClient, createPool, endpoint, publicClient } from './support/clients'

const PASSWORD = 'Device-Journey-Pass-7'
const STEP_MS = 30_000

/** RFC 6238 code of a base32 secret for the absolute 30-second `step`: what an authenticator app shows. */
function totpAt(secret: string, step: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = ''
  for (const char of secret) bits += alphabet.indexOf(char).toString(2).padStart(5, '0')
  const key = Buffer.from(bits.match(/.{8}/g)!.map((byte) => Number.parseInt(byte, 2)))
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const mac = createHmac('sha1', key).update(counter).digest()
  const at = mac[mac.length - 1]! & 0x0f
  return String((mac.readUInt32BE(at) & 0x7fffffff) % 1_000_000).padStart(6, '0')
}

/**
 * A pool that remembers devices when the user says so (DeviceOnlyRememberedOnUserPrompt) and lets
 * a remembered device stand in for MFA (ChallengeRequiredOnNewDevice), with TOTP optional.
 */
async function devicePool(): Promise<{ poolId: string; clientId: string }> {
  const poolId = await createPool({
    DeviceConfiguration: {
      ChallengeRequiredOnNewDevice: true,
      DeviceOnlyRememberedOnUserPrompt: true,
    },
  })
  await adminClient().send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: poolId,
      MfaConfiguration: 'OPTIONAL',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    }),
  )
  const { clientId } = await createAppClient(poolId)
  return { poolId, clientId }
}

/**
 * A user with TOTP on, through the SDK. The authenticator is verified with the code of the step
 * before `step` (now), so the journey has the codes of `step` and `step + 1` to sign in with: the
 * server takes a step either side of its own, each once and in order, so the journey has about a
 * minute before the codes stop matching the server's clock (no waiting for a step is needed).
 */
async function userWithTotp(
  poolId: string,
  clientId: string,
  username: string,
): Promise<{ code(step: number): string; step: number }> {
  const admin = adminClient()
  await admin.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: 'SUPPRESS',
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
  const signedIn = await admin.send(
    new AdminInitiateAuthCommand({
      UserPoolId: poolId,
      ClientId: clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD },
    }),
  )
  const AccessToken = signedIn.AuthenticationResult!.AccessToken!
  const { SecretCode } = await publicClient().send(
    new AssociateSoftwareTokenCommand({ AccessToken }),
  )
  const step = Math.floor(Date.now() / STEP_MS)
  await publicClient().send(
    new VerifySoftwareTokenCommand({ AccessToken, UserCode: totpAt(SecretCode!, step - 1) }),
  )
  await admin.send(
    new AdminSetUserMFAPreferenceCommand({
      UserPoolId: poolId,
      Username: username,
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
    }),
  )
  return { code: (at) => totpAt(SecretCode!, at), step }
}

const adminDevices = async (poolId: string, username: string) =>
  (
    await adminClient().send(
      new AdminListDevicesCommand({ UserPoolId: poolId, Username: username }),
    )
  ).Devices ?? []

describe('remembered devices with amazon-cognito-identity-js', () => {
  let poolId: string
  let userPool: CognitoUserPool

  beforeAll(async () => {
    const pool = await devicePool()
    poolId = pool.poolId
    userPool = new CognitoUserPool({
      UserPoolId: poolId,
      ClientId: pool.clientId,
      endpoint: endpoint(),
    })
  })

  const call = <T>(run: (done: (error: Error | null | undefined, result?: T) => void) => void) =>
    new Promise<T>((resolve, reject) =>
      run((error, result) => (error ? reject(error) : resolve(result as T))),
    )

  interface Outcome {
    session: CognitoUserSession
    /** Whether the sign-in asked for a TOTP code. */
    askedForCode: boolean
    /** ConfirmDevice's UserConfirmationNecessary, when the sign-in confirmed a new device. */
    confirmationNecessary?: boolean
  }

  /** USER_SRP_AUTH through the library; a TOTP challenge is answered with `code`. */
  const signIn = (user: CognitoUser, code: string) =>
    new Promise<Outcome>((resolve, reject) => {
      let askedForCode = false
      const callbacks = {
        onSuccess: (session: CognitoUserSession, confirmationNecessary?: boolean) =>
          resolve({
            session,
            askedForCode,
            ...(confirmationNecessary !== undefined ? { confirmationNecessary } : {}),
          }),
        onFailure: reject,
        totpRequired: () => {
          askedForCode = true
          user.sendMFACode(code, callbacks, 'SOFTWARE_TOKEN_MFA')
        },
      }
      user.authenticateUser(
        new AuthenticationDetails({ Username: user.getUsername(), Password: PASSWORD }),
        callbacks,
      )
    })

  it('remembers the device, skips TOTP on it, then forgets it and asks for the code again', async () => {
    const { code, step } = await userWithTotp(poolId, userPool.getClientId(), 'jody')
    const user = new CognitoUser({ Username: 'jody', Pool: userPool })

    // First sign-in: a new device; the library confirms it (ConfirmDevice) and is told to ask.
    const first = await signIn(user, code(step))
    expect(first.askedForCode).toBe(true)
    expect(first.confirmationNecessary).toBe(true)
    const deviceKey = first.session.getAccessToken().decodePayload().device_key as string
    expect(deviceKey).toMatch(/^us-east-1_[0-9a-f-]{36}$/)
    await call((done) =>
      user.setDeviceStatusRemembered({
        onSuccess: (result) => done(null, result),
        onFailure: (error) => done(error),
      }),
    )
    const listed = await call<{
      Devices: Array<{ DeviceKey: string; DeviceAttributes: unknown[] }>
    }>((done) =>
      user.listDevices(10, null, {
        onSuccess: (result) => done(null, result),
        onFailure: (error) => done(error),
      }),
    )
    expect(listed.Devices.map((d) => d.DeviceKey)).toEqual([deviceKey])
    expect(listed.Devices[0]!.DeviceAttributes).toContainEqual({
      Name: 'dev:device_remembered_status',
      Value: 'remembered',
    })

    // Second sign-in on the remembered device: device SRP, no code asked, the same device.
    const again = new CognitoUser({ Username: 'jody', Pool: userPool })
    const second = await signIn(again, 'no code should be asked')
    expect(second.askedForCode).toBe(false)
    expect(second.session.getAccessToken().decodePayload().device_key).toBe(deviceKey)
    // Refreshing sends the device key the library keeps.
    const refreshed = await call<CognitoUserSession>((done) =>
      again.refreshSession(second.session.getRefreshToken(), done),
    )
    expect(refreshed.getAccessToken().decodePayload().device_key).toBe(deviceKey)

    // Forgotten: the next sign-in is on a new device, and the code is asked for again.
    await call((done) =>
      again.forgetDevice({
        onSuccess: (result) => done(null, result),
        onFailure: (error) => done(error),
      }),
    )
    expect(await adminDevices(poolId, 'jody')).toEqual([])
    const third = await signIn(
      new CognitoUser({ Username: 'jody', Pool: userPool }),
      code(step + 1),
    )
    expect(third.askedForCode).toBe(true)
    expect(third.session.getAccessToken().decodePayload().device_key).not.toBe(deviceKey)
  })
})

describe('remembered devices with Amplify v6 in Chromium', () => {
  let poolId: string
  let clientId: string
  let pages: Server
  let pageOrigin: string
  let browser: Browser

  beforeAll(async () => {
    const pool = await devicePool()
    poolId = pool.poolId
    clientId = pool.clientId
    const built = await build({
      entryPoints: [join(process.cwd(), 'test', 'e2e', 'fixtures', 'amplify-devices', 'page.ts')],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      write: false,
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'warning',
    })
    const bundle = built.outputFiles[0]!.text
    // The app's own origin: its page and script; Amplify reaches the Worker cross-origin.
    pages = createServer((request, response) => {
      if (request.url === '/')
        return void response
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<!doctype html><title>devices</title><script src="/amplify.js"></script>')
      if (request.url === '/amplify.js')
        return void response.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle)
      response.writeHead(404).end()
    })
    await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve))
    pageOrigin = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`
    browser = await launchChromium()
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => pages?.close(resolve))
  })

  // Each step runs in the page, through the bundled Amplify (page.evaluate sends the function's source).
  type InPage = { amplifyDevices: AmplifyDevices }
  const journey = (page: Page) => ({
    configure: (config: Parameters<AmplifyDevices['configure']>[0]) =>
      page.evaluate((c) => (globalThis as unknown as InPage).amplifyDevices.configure(c), config),
    signIn: () =>
      page.evaluate(([u, p]) => (globalThis as unknown as InPage).amplifyDevices.signIn(u, p), [
        'amber',
        PASSWORD,
      ] as const),
    confirmSignIn: (code: string) =>
      page.evaluate((c) => (globalThis as unknown as InPage).amplifyDevices.confirmSignIn(c), code),
    deviceKey: () =>
      page.evaluate(() => (globalThis as unknown as InPage).amplifyDevices.deviceKey()),
    devices: () => page.evaluate(() => (globalThis as unknown as InPage).amplifyDevices.devices()),
    rememberDevice: () =>
      page.evaluate(() => (globalThis as unknown as InPage).amplifyDevices.rememberDevice()),
    forgetDevice: () =>
      page.evaluate(() => (globalThis as unknown as InPage).amplifyDevices.forgetDevice()),
    signOut: () => page.evaluate(() => (globalThis as unknown as InPage).amplifyDevices.signOut()),
  })

  it('confirms the device itself, remembers it, skips TOTP on it, then forgets it and asks again', async () => {
    const { code, step } = await userWithTotp(poolId, clientId, 'amber')
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`${pageOrigin}/`)
    const amplify = journey(page)
    await amplify.configure({
      userPoolId: poolId,
      userPoolClientId: clientId,
      userPoolEndpoint: `${endpoint()}/`,
    })

    // A new device: TOTP, then Amplify confirms the device it was handed (ConfirmDevice).
    expect(await amplify.signIn()).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE')
    expect(await amplify.confirmSignIn(code(step))).toBe('DONE')
    const deviceKey = await amplify.deviceKey()
    expect(deviceKey).toMatch(/^us-east-1_[0-9a-f-]{36}$/)
    expect(await amplify.devices()).toEqual([
      { id: deviceKey, name: expect.any(String), remembered: 'not_remembered', created: true },
    ])
    await amplify.rememberDevice()
    expect((await amplify.devices())[0]?.remembered).toBe('remembered')

    // Signed out and in again on the remembered device: no code.
    await amplify.signOut()
    expect(await amplify.signIn()).toBe('DONE')
    expect(await amplify.deviceKey()).toBe(deviceKey)

    // Forgotten: gone from the pool, and the next sign-in asks for the code again.
    await amplify.forgetDevice()
    expect(await adminDevices(poolId, 'amber')).toEqual([])
    await amplify.signOut()
    expect(await amplify.signIn()).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE')
    expect(await amplify.confirmSignIn(code(step + 1))).toBe('DONE')
    expect(await amplify.deviceKey()).not.toBe(deviceKey)
    await context.close()
  })
})
