import {
  AdminSetUserMFAPreferenceCommand,
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  InitiateAuthCommand,
  SetUserPoolMfaConfigCommand,
  type SetUserPoolMfaConfigCommandInput,
  UpdateUserPoolCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { build } from 'esbuild'
import { createHash, createHmac } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import type { Browser, CDPSession, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PasskeyJourney } from './fixtures/amplify-passkeys/page'
import { launchChromium } from './support/browser'
import { callbackServer } from './support/callback-server'
import {
  adminConfig,
  createUser,
  createUserPoolWithClient,
  PASSWORD,
  REGION,
  type UserPoolWithClient,
} from './support/identity-pool-fixture'
import { freePort, startWorker, type RunningWorker } from './support/worker'

const FIXTURE = join(process.cwd(), 'test', 'e2e', 'fixtures')

/** RFC 6238 code of a base32 secret for the current 30-second step. */
function totp(secret: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = ''
  for (const char of secret) bits += alphabet.indexOf(char).toString(2).padStart(5, '0')
  const key = Buffer.from(bits.match(/.{8}/g)!.map((byte) => parseInt(byte, 2)))
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30_000)))
  const mac = createHmac('sha1', key).update(counter).digest()
  const at = mac[mac.length - 1]! & 0x0f
  return String((mac.readUInt32BE(at) & 0x7fffffff) % 1_000_000).padStart(6, '0')
}

/**
 * Passkey MFA in real Chromium with its virtual authenticator: a pool with MFA ON and
 * `FactorConfiguration: MULTI_FACTOR_WITH_USER_VERIFICATION`, a user with a TOTP authenticator
 * and `WebAuthnMfaSettings` on. As the service model describes it, passkey MFA applies when the
 * passkey is the first factor: a password still asks for the TOTP code, while a passkey with user
 * verification is both factors and signs in at once; one with presence alone is refused. Through
 * Amplify v6 (USER_AUTH) and through the hosted UI.
 */
describe('passkey MFA in Chromium (virtual authenticator)', () => {
  let worker: RunningWorker
  let pages: Server
  let browser: Browser
  let userPool: UserPoolWithClient
  let appOrigin: string
  let callback: Awaited<ReturnType<typeof callbackServer>>
  let webClientId: string
  let idp: CognitoIdentityProviderClient
  let page: Page
  let cdp: CDPSession
  let authenticatorId: string

  const mfaConfig = (MfaConfiguration: 'ON' | 'OPTIONAL'): SetUserPoolMfaConfigCommandInput => ({
    UserPoolId: userPool.userPoolId,
    MfaConfiguration,
    SoftwareTokenMfaConfiguration: { Enabled: true },
    WebAuthnConfiguration: {
      RelyingPartyId: 'localhost',
      UserVerification: 'preferred',
      FactorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION',
    },
  })

  type InPage = { passkeyJourney: PasskeyJourney }
  const journey = <R>(step: (j: PasskeyJourney, arg: string) => R, arg = '') =>
    page.evaluate(
      ([source, a]) =>
        new Function('j', 'a', `return (${source})(j, a)`)(
          (globalThis as unknown as InPage).passkeyJourney,
          a,
        ),
      [step.toString(), arg] as const,
    ) as Promise<Awaited<R>>

  const openApp = async () => {
    await page.goto(`${appOrigin}/`)
    await journey(
      (j, endpoint) => j.configure(JSON.parse(endpoint)),
      JSON.stringify({
        userPoolId: userPool.userPoolId,
        userPoolClientId: userPool.clientId,
        userPoolEndpoint: `${worker.endpoint}/`,
      }),
    )
  }

  beforeAll(async () => {
    const bundle = (
      await build({
        entryPoints: [join(FIXTURE, 'amplify-passkeys', 'page.ts')],
        bundle: true,
        format: 'iife',
        platform: 'browser',
        target: 'es2022',
        write: false,
        define: { 'process.env.NODE_ENV': '"production"' },
        logLevel: 'warning',
      })
    ).outputFiles[0]!.text
    const port = await freePort()
    pages = createServer((request, response) => {
      if (request.url === '/')
        return void response
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<!doctype html><title>app</title><script src="/passkeys.js"></script>')
      if (request.url === '/passkeys.js')
        return void response.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle)
      response.writeHead(404).end()
    })
    await new Promise<void>((resolve) => pages.listen(port, '127.0.0.1', resolve))
    appOrigin = `http://localhost:${port}`
    worker = await startWorker()
    userPool = await createUserPoolWithClient(worker, {
      poolName: 'passkey-mfa',
      clientName: 'web',
      authFlows: [
        'ALLOW_USER_AUTH',
        'ALLOW_USER_PASSWORD_AUTH',
        'ALLOW_USER_SRP_AUTH',
        'ALLOW_REFRESH_TOKEN_AUTH',
      ],
    })
    idp = new CognitoIdentityProviderClient(adminConfig(worker))
    await idp.send(
      new UpdateUserPoolCommand({
        UserPoolId: userPool.userPoolId,
        Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
      }),
    )
    // OPTIONAL while Mia sets her factors up; ON once she has them.
    await idp.send(new SetUserPoolMfaConfigCommand(mfaConfig('OPTIONAL')))
    await createUser(worker, userPool, 'mia')
    callback = await callbackServer()
    webClientId = (
      await idp.send(
        new CreateUserPoolClientCommand({
          UserPoolId: userPool.userPoolId,
          ClientName: 'hosted',
          AllowedOAuthFlows: ['code'],
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthScopes: ['openid'],
          SupportedIdentityProviders: ['COGNITO'],
          CallbackURLs: [`${callback.base}/callback`],
        }),
      )
    ).UserPoolClient!.ClientId!

    // Her TOTP authenticator, over the SDK.
    const user = new CognitoIdentityProviderClient({
      region: REGION,
      endpoint: worker.endpoint,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    })
    const signedIn = await user.send(
      new InitiateAuthCommand({
        ClientId: userPool.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'mia', PASSWORD },
      }),
    )
    const AccessToken = signedIn.AuthenticationResult!.AccessToken!
    const { SecretCode } = await user.send(new AssociateSoftwareTokenCommand({ AccessToken }))
    await user.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: totp(SecretCode!) }))

    // Her passkey, registered by Amplify in Chromium on a virtual authenticator that verifies her.
    browser = await launchChromium()
    const context = await browser.newContext()
    page = await context.newPage()
    cdp = await context.newCDPSession(page)
    await cdp.send('WebAuthn.enable')
    ;({ authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    }))
    await openApp()
    expect(await journey((j, p) => j.signInWithPassword('mia', p), PASSWORD)).toBe('DONE')
    expect(await journey((j) => j.registerPasskey())).toBe('REGISTERED')
    await journey((j) => j.signOut())

    await idp.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: userPool.userPoolId,
        Username: 'mia',
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
        WebAuthnMfaSettings: { Enabled: true },
      }),
    )
    await idp.send(new SetUserPoolMfaConfigCommand(mfaConfig('ON')))
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await callback?.close()
    await worker?.stop()
    await new Promise((resolve) => pages?.close(resolve))
  })

  it('Amplify: a password still asks for the TOTP code; the verified passkey signs in alone', async () => {
    await openApp()
    expect(await journey((j, p) => j.signInWithPassword('mia', p), PASSWORD)).toBe(
      'CONFIRM_SIGN_IN_WITH_TOTP_CODE',
    )
    await openApp()
    expect(await journey((j) => j.signInWithPasskey('mia'))).toBe('DONE')
    await journey((j) => j.signOut())
  })

  it('Amplify: user verification is required, so an authenticator that cannot verify signs nothing in', async () => {
    // The pool's UserVerification is only `preferred`; passkey MFA makes Mia's ceremonies ask for it.
    const options = await new CognitoIdentityProviderClient({
      region: REGION,
      endpoint: worker.endpoint,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    }).send(
      new InitiateAuthCommand({
        ClientId: userPool.clientId,
        AuthFlow: 'USER_AUTH',
        AuthParameters: { USERNAME: 'mia', PREFERRED_CHALLENGE: 'WEB_AUTHN' },
      }),
    )
    expect(options.ChallengeName).toBe('WEB_AUTHN')
    expect(
      JSON.parse(options.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!).userVerification,
    ).toBe('required')
    // The same passkey on an authenticator that now cannot verify its user: Chromium refuses the
    // ceremony Portcullis asked for, and no tokens are issued (an assertion with presence alone is
    // refused by the Worker too, pinned in process in test/unit/passkeys.test.ts).
    await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false })
    try {
      await openApp()
      expect(await journey((j) => j.signInWithPasskey('mia'))).toMatchObject({
        error: 'PasskeyAuthenticationCanceled',
      })
      expect(await journey((j) => j.subject())).toBeUndefined()
    } finally {
      await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: true })
    }
  })

  const authorizeUrl = () =>
    `${worker.appEndpoint}/oauth2/authorize?${new URLSearchParams({
      client_id: webClientId,
      response_type: 'code',
      redirect_uri: `${callback.base}/callback`,
      scope: 'openid',
      state: 'passkey-mfa',
      code_challenge: createHash('sha256').update('verifier-'.repeat(6)).digest('base64url'),
      code_challenge_method: 'S256',
    })}`

  it('hosted UI: a password leads to the TOTP page; the verified passkey goes straight to the client', async () => {
    await page.context().clearCookies()
    await page.goto(authorizeUrl())
    await page.getByLabel('Username or email', { exact: true }).fill('mia')
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await expect.poll(() => page.getByLabel('Code from your authenticator app').count()).toBe(1)

    await page.context().clearCookies()
    await page.goto(authorizeUrl())
    await page.getByLabel('Username or email, to sign in with a passkey').fill('mia')
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click()
    await expect.poll(() => page.title()).toBe('Sign in with a passkey')
    await Promise.all([
      page.waitForURL(`${callback.base}/**`),
      page.getByRole('button', { name: 'Use my passkey' }).click(),
    ])
    const answer = new URL(page.url())
    expect(answer.searchParams.get('code')).toBeTruthy()
    expect(answer.searchParams.get('state')).toBe('passkey-mfa')
  })
})
