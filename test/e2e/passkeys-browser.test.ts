import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  InitiateAuthCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { build } from 'esbuild'
import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PasskeyJourney } from './fixtures/amplify-passkeys/page'
import { launchChromium } from './support/browser'
import {
  adminConfig,
  createUser,
  createUserPoolWithClient,
  PASSWORD,
  REGION,
  type UserPoolWithClient,
} from './support/identity-pool-fixture'
import { callbackServer } from './support/callback-server'
import { freePort, startWorker, type RunningWorker } from './support/worker'

const FIXTURE = join(process.cwd(), 'test', 'e2e', 'fixtures')

/**
 * Passkeys in real Chromium with its virtual authenticator (CDP WebAuthn domain: CTAP2, internal,
 * resident keys, user verification), through Amplify v6: a passkey registered with
 * `associateWebAuthnCredential`, then used to sign in with USER_AUTH and `preferredChallenge:
 * 'WEB_AUTHN'`. The page is on http://localhost (a relying-party id must be a domain), the Cognito
 * API on the Worker's own port (cross-origin, as for any app).
 */
describe('passkeys with Amplify v6 in Chromium (virtual authenticator)', () => {
  let worker: RunningWorker
  let pages: Server
  let browser: Browser
  let bundle: string
  let userPool: UserPoolWithClient
  let appOrigin: string
  let callback: Awaited<ReturnType<typeof callbackServer>>
  let webClientId: string

  beforeAll(async () => {
    const built = await build({
      entryPoints: [join(FIXTURE, 'amplify-passkeys', 'page.ts')],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      write: false,
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'warning',
    })
    bundle = built.outputFiles[0]!.text
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
      poolName: 'passkeys',
      clientName: 'web',
      authFlows: ['ALLOW_USER_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    })
    const idp = new CognitoIdentityProviderClient(adminConfig(worker))
    await idp.send(
      new UpdateUserPoolCommand({
        UserPoolId: userPool.userPoolId,
        Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
      }),
    )
    await idp.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: userPool.userPoolId,
        WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'required' },
      }),
    )
    await createUser(worker, userPool, 'pia')
    await createUser(worker, userPool, 'hana')
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
    browser = await launchChromium()
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await callback?.close()
    await worker?.stop()
    await new Promise((resolve) => pages?.close(resolve))
  })

  type InPage = { passkeyJourney: PasskeyJourney }
  const journey = <R>(page: Page, step: (j: PasskeyJourney, arg: string) => R, arg = '') =>
    page.evaluate(
      ([source, a]) =>
        // The step's source runs in the page against the bundled journey.
        new Function('j', 'a', `return (${source})(j, a)`)(
          (globalThis as unknown as InPage).passkeyJourney,
          a,
        ),
      [step.toString(), arg] as const,
    ) as Promise<Awaited<R>>

  /** A page with a virtual platform authenticator that verifies its user, on the Amplify app. */
  async function pageWithAuthenticator(): Promise<{ context: BrowserContext; page: Page }> {
    const { context, page } = await browserWithAuthenticator()
    await page.goto(`${appOrigin}/`)
    await journey(
      page,
      (j, endpoint) => j.configure(JSON.parse(endpoint)),
      JSON.stringify({
        userPoolId: userPool.userPoolId,
        userPoolClientId: userPool.clientId,
        userPoolEndpoint: `${worker.endpoint}/`,
      }),
    )
    return { context, page }
  }

  async function browserWithAuthenticator(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext()
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('WebAuthn.enable')
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    })
    await page.goto(`${appOrigin}/`)
    await journey(
      page,
      (j, endpoint) => j.configure(JSON.parse(endpoint)),
      JSON.stringify({
        userPoolId: userPool.userPoolId,
        userPoolClientId: userPool.clientId,
        userPoolEndpoint: `${worker.endpoint}/`,
      }),
    )
    return { context, page }
  }

  it('registers a passkey with associateWebAuthnCredential and signs in with it', async () => {
    const { context, page } = await pageWithAuthenticator()
    expect(await journey(page, (j, p) => j.signInWithPassword('pia', p), PASSWORD)).toBe('DONE')
    const sub = await journey(page, (j) => j.subject())
    expect(await journey(page, (j) => j.registerPasskey())).toBe('REGISTERED')
    const listed = await journey(page, (j) => j.passkeys())
    expect(listed).toEqual([{ id: expect.any(String), rp: 'localhost' }])

    // The AWS SDK sees the same passkey, and USER_AUTH now offers it.
    const choices = await new CognitoIdentityProviderClient({
      region: REGION,
      endpoint: worker.endpoint,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    }).send(
      new InitiateAuthCommand({
        ClientId: userPool.clientId,
        AuthFlow: 'USER_AUTH',
        AuthParameters: { USERNAME: 'pia' },
      }),
    )
    expect(choices.ChallengeName).toBe('SELECT_CHALLENGE')
    expect(choices.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP', 'WEB_AUTHN'])

    await journey(page, (j) => j.signOut())
    expect(await journey(page, (j) => j.signInWithPasskey('pia'))).toBe('DONE')
    expect(await journey(page, (j) => j.subject())).toBe(sub)
    // A second sign-in: the authenticator's counter moved on and is accepted again.
    await journey(page, (j) => j.signOut())
    expect(await journey(page, (j) => j.signInWithPasskey('pia'))).toBe('DONE')
    await context.close()
  })

  it('does not sign in with a passkey on another browser (no credential there)', async () => {
    const { context, page } = await pageWithAuthenticator()
    const result = await journey(page, (j) => j.signInWithPasskey('pia'))
    expect(result).toMatchObject({ error: expect.any(String) })
    await context.close()
  })

  /** The hosted UI on http://localhost (its relying party), for the hosted client. */
  const authorizeUrl = () =>
    `${worker.appEndpoint}/oauth2/authorize?${new URLSearchParams({
      client_id: webClientId,
      response_type: 'code',
      redirect_uri: `${callback.base}/callback`,
      scope: 'openid',
      state: 'passkey',
      // PKCE, as public clients must; the code is not redeemed here.
      code_challenge: createHash('sha256').update('verifier-'.repeat(6)).digest('base64url'),
      code_challenge_method: 'S256',
    })}`

  it('adds a passkey on the hosted UI after a password sign-in, then signs in with it there', async () => {
    const { context, page } = await browserWithAuthenticator()
    await page.goto(authorizeUrl())
    await page.getByLabel('Username or email', { exact: true }).fill('hana')
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    // The pool allows passkeys and Hana has none: the set-up step, run by the served script.
    await expect.poll(() => page.title()).toBe('Add a passkey')
    await Promise.all([
      page.waitForURL(`${callback.base}/**`),
      page.getByRole('button', { name: 'Add a passkey' }).click(),
    ])
    expect(new URL(page.url()).searchParams.get('code')).toBeTruthy()

    // Signed out of the hosted UI, back in with the passkey alone.
    await context.clearCookies()
    await page.goto(authorizeUrl())
    await page.getByLabel('Username or email, to sign in with a passkey').fill('hana')
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click()
    await expect.poll(() => page.title()).toBe('Sign in with a passkey')
    await Promise.all([
      page.waitForURL(`${callback.base}/**`),
      page.getByRole('button', { name: 'Use my passkey' }).click(),
    ])
    const code = new URL(page.url()).searchParams.get('code')
    expect(code).toBeTruthy()
    expect(new URL(page.url()).searchParams.get('state')).toBe('passkey')
    await context.close()
  })

  it('does not offer a passkey to a user who has one', async () => {
    const { context, page } = await browserWithAuthenticator()
    await page.goto(authorizeUrl())
    await page.getByLabel('Username or email', { exact: true }).fill('pia')
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    // Pia's passkey was made in the app above, on another virtual authenticator: she has one, so
    // no offer; her sign-in completes at once.
    await page.waitForURL(`${callback.base}/**`)
    await context.close()
  })
})
