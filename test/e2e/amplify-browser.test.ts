import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  SetIdentityPoolRolesCommand,
} from '@aws-sdk/client-cognito-identity'
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam'
import { build } from 'esbuild'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AmplifyJourney } from './fixtures/amplify/page'
import { launchChromium } from './support/browser'
import { freePort, startWorker, type RunningWorker } from './support/worker'

const FIXTURE = join(process.cwd(), 'test', 'e2e', 'fixtures')
const PASSWORD = 'Correct-Horse-9-battery'
const REGION = 'us-east-1'

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
  let userPoolId: string
  let clientId: string
  let identityPoolId: string

  const admin = () => ({
    region: REGION,
    endpoint: worker.endpoint,
    credentials: { accessKeyId: worker.accessKeyId, secretAccessKey: worker.secretAccessKey },
    maxAttempts: 1,
  })

  async function role(name: string, amr: string, statements: object[]): Promise<string> {
    const iam = new IAMClient(admin())
    const trust = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: 'cognito-identity.amazonaws.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { 'cognito-identity.amazonaws.com:aud': identityPoolId },
            'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
          },
        },
      ],
    }
    const arn = (
      await iam.send(
        new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust) }),
      )
    ).Role!.Arn!
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: name,
        PolicyName: 'app',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
      }),
    )
    return arn
  }

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
    const idp = new CognitoIdentityProviderClient(admin())
    userPoolId = (await idp.send(new CreateUserPoolCommand({ PoolName: 'amplify' }))).UserPool!.Id!
    clientId = (
      await idp.send(
        new CreateUserPoolClientCommand({
          UserPoolId: userPoolId,
          ClientName: 'web',
          ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        }),
      )
    ).UserPoolClient!.ClientId!
    await idp.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: 'amy',
        MessageAction: 'SUPPRESS',
      }),
    )
    await idp.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: userPoolId,
        Username: 'amy',
        Password: PASSWORD,
        Permanent: true,
      }),
    )
    const identity = new CognitoIdentityClient(admin())
    identityPoolId = (
      await identity.send(
        new CreateIdentityPoolCommand({
          IdentityPoolName: 'amplify',
          AllowUnauthenticatedIdentities: true,
          CognitoIdentityProviders: [
            {
              ProviderName: `cognito-idp.${REGION}.amazonaws.com/${userPoolId}`,
              ClientId: clientId,
            },
          ],
        }),
      )
    ).IdentityPoolId!
    const pets = `arn:aws:execute-api:${REGION}:000000000000:portcullis/$default/GET/pets/*`
    await identity.send(
      new SetIdentityPoolRolesCommand({
        IdentityPoolId: identityPoolId,
        Roles: {
          // Amplify Storage's layout: guests read public/, each identity owns private/{id}/.
          authenticated: await role('amplify-users', 'authenticated', [
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
          unauthenticated: await role('amplify-guests', 'unauthenticated', [
            { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::media/public/*' },
            { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: pets },
          ]),
        },
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
      userPoolId,
      userPoolClientId: clientId,
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
