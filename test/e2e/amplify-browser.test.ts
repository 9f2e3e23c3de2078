import { build } from 'esbuild'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AmplifyJourney } from './fixtures/amplify/page'
import { launchChromium } from './support/browser'
import {
  createRole,
  createUser,
  createUserPoolWithClient,
  identityPoolWithRoles,
  PASSWORD,
  REGION,
  trustPolicyForPool,
  type UserPoolWithClient,
} from './support/identity-pool-fixture'
import { freePort, startWorker, type RunningWorker } from './support/worker'

const FIXTURE = join(process.cwd(), 'test', 'e2e', 'fixtures')

/**
 * Amplify v6 in Chromium against a real Worker: `fetchAuthSession` as a guest, then `signIn`
 * (SRP) and `fetchAuthSession` again, which links the stored guest identity to the user; the
 * credentials of each are then used on the S3 front and, through Amplify's REST client, on an
 * IAM-authorised route. The page is Amplify bundled by esbuild, served through the gateway so the
 * S3 front and the route are same-origin; the Cognito APIs are reached cross-origin (CORS).
 */
describe('Amplify v6 fetchAuthSession in Chromium (guest, then signed in)', () => {
  let worker: RunningWorker
  let pages: Server
  let browser: Browser
  let bundle: string
  let userPool: UserPoolWithClient
  let identityPoolId: string

  /** A role for the pool's identities with an `amr` entry like `amr`, allowed `statements`. */
  const role = (poolId: string, name: string, amr: string, statements: object[]) =>
    createRole(worker, {
      name,
      trustPolicy: trustPolicyForPool(poolId, { amr }),
      policyName: 'app',
      statements,
    })

  beforeAll(async () => {
    const built = await build({
      entryPoints: [join(FIXTURE, 'amplify', 'page.ts')],
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
    // The app's own server: its page and script, and an API that shows what the gateway told it.
    pages = createServer((request, response) => {
      if (request.url === '/app/')
        return void response
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<!doctype html><title>app</title><script src="/app/amplify.js"></script>')
      if (request.url === '/app/amplify.js')
        return void response.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle)
      if (request.url?.startsWith('/pets/'))
        return void response.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            identityId: request.headers['x-portcullis-identity-id'],
            type: request.headers['x-portcullis-cognito-authentication-type'],
          }),
        )
      response.writeHead(404).end()
    })
    await new Promise<void>((resolve) => pages.listen(port, '127.0.0.1', resolve))
    const app = `http://127.0.0.1:${port}`
    const config = {
      routes: [
        { path: '/app/*', origin: app, unauthenticated: 'allow' },
        { path: '/pets/*', origin: app, authorization: 'aws_iam' },
        { path: '/s3/*', origin: 's3:MEDIA/s3/', bucket: 'media', authorization: 'aws_iam' },
      ],
    }
    worker = await startWorker({
      vars: { GATEWAY_CONFIG: JSON.stringify(config) },
      configs: [
        join(FIXTURE, 'origins', 'wrangler.toml'),
        join(FIXTURE, 'origins', 'backend', 'wrangler.toml'),
      ],
    })
    userPool = await createUserPoolWithClient(worker, {
      poolName: 'amplify',
      clientName: 'web',
      authFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    })
    // Amy signs in in the page, with SRP.
    await createUser(worker, userPool, 'amy')
    const pets = `arn:aws:execute-api:${REGION}:000000000000:portcullis/$default/GET/pets/*`
    identityPoolId = await identityPoolWithRoles(
      worker,
      userPool,
      { IdentityPoolName: 'amplify', AllowUnauthenticatedIdentities: true },
      async (poolId) => ({
        // Amplify Storage's layout: guests read public/, each identity owns private/{id}/.
        authenticated: await role(poolId, 'amplify-users', 'authenticated', [
          {
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:PutObject'],
            Resource: [
              'arn:aws:s3:::media/public/*',
              'arn:aws:s3:::media/private/${cognito-identity.amazonaws.com:sub}/*',
            ],
          },
          { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: pets },
        ]),
        unauthenticated: await role(poolId, 'amplify-guests', 'unauthenticated', [
          { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::media/public/*' },
          { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: pets },
        ]),
      }),
    )
    browser = await launchChromium()
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await worker?.stop()
    await new Promise((resolve) => pages?.close(resolve))
  })

  // Each step runs in the page, through the bundled Amplify (page.evaluate sends the function's source).
  type InPage = { amplifyJourney: AmplifyJourney }
  const configure = (page: Page, config: Parameters<AmplifyJourney['configure']>[0]) =>
    page.evaluate((c) => (globalThis as unknown as InPage).amplifyJourney.configure(c), config)
  const session = (page: Page) =>
    page.evaluate(() => (globalThis as unknown as InPage).amplifyJourney.session())
  const signIn = (page: Page, username: string) =>
    page.evaluate(([u, p]) => (globalThis as unknown as InPage).amplifyJourney.signIn(u, p), [
      username,
      PASSWORD,
    ] as const)
  const s3 = (page: Page, method: 'GET' | 'PUT', key: string, body?: string) =>
    page.evaluate(([m, k, b]) => (globalThis as unknown as InPage).amplifyJourney.s3(m, k, b), [
      method,
      key,
      body,
    ] as const)
  const invoke = (page: Page, path: string) =>
    page.evaluate((p) => (globalThis as unknown as InPage).amplifyJourney.invoke(p), path)

  it('vends guest credentials, then links the same identity on sign-in', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`${worker.appEndpoint}/app/`)
    await configure(page, {
      userPoolId: userPool.userPoolId,
      userPoolClientId: userPool.clientId,
      identityPoolId,
      userPoolEndpoint: `${worker.endpoint}/`,
      identityPoolEndpoint: `${worker.endpoint}/identity/`,
      gateway: worker.appEndpoint,
    })

    const guest = await session(page)
    expect(guest).toMatchObject({ signedIn: false, hasSessionToken: true })
    expect(guest.identityId).toMatch(new RegExp(`^${REGION}:[0-9a-f-]{36}$`))
    expect(guest.accessKeyId).toMatch(/^ASIA/)
    // The guest role: public/ only, and the route that says who called.
    expect(await s3(page, 'GET', 'public/none.txt')).toMatchObject({
      status: 404,
    })
    const guestWrite = await s3(page, 'PUT', `private/${guest.identityId}/x.txt`, 'x')
    expect(guestWrite.status).toBe(403)
    expect(guestWrite.body).toContain('assumed-role/amplify-guests/')
    expect(await invoke(page, '/pets/rex')).toEqual({
      status: 200,
      body: { identityId: guest.identityId, type: 'unauthenticated' },
    })

    expect(await signIn(page, 'amy')).toBe('DONE')
    const user = await session(page)
    expect(user).toMatchObject({
      signedIn: true,
      hasSessionToken: true,
      identityId: guest.identityId,
    })
    expect(user.accessKeyId).toMatch(/^ASIA/)
    expect(user.accessKeyId).not.toBe(guest.accessKeyId)

    const key = `private/${user.identityId}/notes.txt`
    expect(await s3(page, 'PUT', key, 'mine')).toMatchObject({ status: 200 })
    expect(await s3(page, 'GET', key)).toEqual({
      status: 200,
      body: 'mine',
    })
    expect(await invoke(page, '/pets/rex')).toEqual({
      status: 200,
      body: { identityId: guest.identityId, type: 'authenticated' },
    })
    await context.close()
  })
})
