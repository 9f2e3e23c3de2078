import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListUserPoolsCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './support/browser'
import { adminClient, type OutboxMessage } from './support/clients'
import { startWorker, type RunningWorker } from './support/worker'

const OPERATOR = { username: 'ops@example.com', password: 'Operator-Pass-2026!' }
const BYSTANDER = { username: 'member@example.com', password: 'Member-Pass-2026!' }

/**
 * The console in Chromium, on a Worker of its own (the console pool is the oldest tagged pool of
 * the Worker, so this file must not share one): an operator signs in through the hosted UI, runs
 * the console, and the audit log names them.
 */
describe('console', () => {
  let worker: RunningWorker
  let cognito: CognitoIdentityProviderClient
  let browser: Browser
  let operator: BrowserContext
  let page: Page

  const outbox = async (poolId: string): Promise<OutboxMessage[]> =>
    (
      (await (await fetch(`${worker.endpoint}/_dev/outbox/${poolId}`)).json()) as {
        messages: OutboxMessage[]
      }
    ).messages

  const addUser = async (poolId: string, who: typeof OPERATOR, name: string, group?: string) => {
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: who.username,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: who.username },
          { Name: 'name', Value: name },
        ],
      }),
    )
    await cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: who.username,
        Password: who.password,
        Permanent: true,
      }),
    )
    if (group)
      await cognito.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: poolId,
          Username: who.username,
          GroupName: group,
        }),
      )
  }

  /** Signs in on the hosted UI page the browser is on. */
  const signIn = async (on: Page, who: { username: string; password: string }) => {
    await on.getByLabel('Username or email').fill(who.username)
    await on.getByLabel('Password').fill(who.password)
    await on.getByRole('button', { name: /sign in/i }).click()
  }

  /** Inputs and selects without a label (by `for`, by wrapping, or aria-label): none may exist. */
  const unlabelled = async (on: Page) => {
    const missing: string[] = []
    for (const field of await on.locator('input:not([type=hidden]), select').all()) {
      const id = await field.getAttribute('id')
      const byFor = id ? await on.locator(`label[for="${id}"]`).count() : 0
      const wrapped = await field.locator('xpath=ancestor::label').count()
      if (byFor + wrapped === 0 && !(await field.getAttribute('aria-label')))
        missing.push((await field.getAttribute('name')) ?? '?')
    }
    return missing
  }

  beforeAll(async () => {
    worker = await startWorker()
    cognito = adminClient(worker)
    const { UserPool } = await cognito.send(
      new CreateUserPoolCommand({
        PoolName: 'console-admins',
        UsernameAttributes: ['email'],
        Schema: [{ Name: 'name', AttributeDataType: 'String', Mutable: true }],
        UserPoolTags: { 'portcullis:console-group': 'portcullis-admins' },
      }),
    )
    const adminPool = UserPool!.Id!
    await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: adminPool,
        ClientName: 'portcullis-console',
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
        CallbackURLs: [`${worker.endpoint}/console/callback`],
        LogoutURLs: [`${worker.endpoint}/`],
        SupportedIdentityProviders: ['COGNITO'],
      }),
    )
    await cognito.send(
      new CreateGroupCommand({ UserPoolId: adminPool, GroupName: 'portcullis-admins' }),
    )
    await addUser(adminPool, OPERATOR, 'Olga Operator', 'portcullis-admins')
    await addUser(adminPool, BYSTANDER, 'Mel Member')
    browser = await launchChromium()
    operator = await browser.newContext()
    page = await operator.newPage()
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await worker?.stop()
  })

  it('links the console from the landing page, and sends a visitor to sign in', async () => {
    await page.goto(`${worker.endpoint}/`)
    await expect(
      page.getByRole('heading', { name: 'Portcullis is running' }).count(),
    ).resolves.toBe(1)
    await page.getByRole('link', { name: 'Console' }).click()
    // Not signed in: the hosted UI of the console pool, through /oauth2/authorize with PKCE.
    await page.waitForURL(/\/login\?/)
    expect(new URL(page.url()).searchParams.get('code_challenge_method')).toBe('S256')
    await signIn(page, OPERATOR)
    await page.waitForURL(`${worker.endpoint}/console`)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('User pools')
    expect(await page.getByRole('banner').textContent()).toContain('Olga Operator')
    expect(await page.getByRole('navigation', { name: 'Console' }).count()).toBe(1)
    expect(await page.getByRole('main').count()).toBe(1)
    expect(await unlabelled(page)).toEqual([])
    const cookies = await operator.cookies(worker.endpoint)
    const session = cookies.find((cookie) => cookie.name === '__Host-pcl-console')
    expect(session).toMatchObject({ httpOnly: true, secure: true, path: '/' })
  })

  it('keyboard: the first Tab reaches the skip link, which leads to the main region', async () => {
    await page.goto(`${worker.endpoint}/console`)
    await page.keyboard.press('Tab')
    expect(await page.locator(':focus').textContent()).toBe('Skip to content')
    await page.keyboard.press('Enter')
    expect(new URL(page.url()).hash).toBe('#content')
  })

  let poolId: string
  let appClientId: string

  it('creates a pool, an app client and an invited user; disabling them refuses their sign-in', async () => {
    await page.goto(`${worker.endpoint}/console`)
    await page.getByLabel('Pool name').fill('console-made')
    await page.getByRole('button', { name: 'Create pool' }).click()
    await page.waitForURL(/\/console\/pools\/[\w-]+_\w+\?done=pool-created/)
    poolId = decodeURIComponent(new URL(page.url()).pathname.split('/')[3]!)
    expect(await page.getByRole('status').textContent()).toContain('The user pool was created.')
    const { UserPools } = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }))
    expect(UserPools?.map((p) => p.Name)).toContain('console-made')
    expect(await unlabelled(page)).toEqual([])

    await page.getByLabel('Client name').fill('web-app')
    await page.getByLabel('Callback URLs').fill('http://127.0.0.1/cb')
    await page.getByLabel('Generate a client secret (shown once)').check()
    await page.getByRole('button', { name: 'Create app client' }).click()
    const shown = await page.getByRole('main').textContent()
    appClientId = /Client id ([a-z0-9]{26})/.exec(shown ?? '')![1]!
    expect(shown).toMatch(/Client secret \S{40,}/)

    await page.goto(`${worker.endpoint}/console/pools/${poolId}`)
    await page.getByLabel('Username', { exact: true }).fill('ann@example.com')
    await page.getByLabel('Email address').fill('ann@example.com')
    await page.getByRole('button', { name: 'Create user' }).click()
    await page.waitForURL(/done=user-created/)
    const invitation = (await outbox(poolId)).find(
      (m) => m.purpose === 'ADMIN_CREATE_USER' && m.destination === 'ann@example.com',
    )
    expect(invitation?.code).toBeTruthy()

    // The invited user can sign in with the temporary password (and is asked for a new one).
    const annContext = await browser.newContext()
    const ann = await annContext.newPage()
    const authorize = `${worker.endpoint}/oauth2/authorize?${new URLSearchParams({
      client_id: appClientId,
      response_type: 'code',
      redirect_uri: 'http://127.0.0.1/cb',
      scope: 'openid email',
    })}`
    await ann.goto(authorize)
    await signIn(ann, { username: 'ann@example.com', password: invitation!.code! })
    await ann.getByLabel('New password').waitFor()

    await page.getByRole('button', { name: 'Disable user' }).click()
    await page.waitForURL(/done=user-disabled/)
    expect(await page.getByRole('status').textContent()).toContain('The user was disabled')

    await ann.goto(authorize)
    await signIn(ann, { username: 'ann@example.com', password: invitation!.code! })
    expect(await ann.getByRole('alert').textContent()).toContain('User is disabled.')
    await annContext.close()
  })

  it('refuses a forged CSRF token, and the pool it asked for is not made', async () => {
    const response = await operator.request.post(`${worker.endpoint}/console/pools`, {
      form: { _csrf: 'forged-token-forged-token-forged-token-1234', PoolName: 'forged-pool' },
      maxRedirects: 0,
    })
    expect(response.status()).toBe(403)
    const { UserPools } = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }))
    expect(UserPools?.map((p) => p.Name)).not.toContain('forged-pool')
  })

  it('shows each action in the audit log with the operator who did it', async () => {
    await page.goto(`${worker.endpoint}/console/audit`)
    const rows = await page.locator('tbody tr').allTextContents()
    for (const action of [
      'CreateUserPool',
      'CreateUserPoolClient',
      'AdminCreateUser',
      'AdminDisableUser',
    ])
      expect(rows.some((row) => row.includes(action) && row.includes('Olga Operator'))).toBe(true)
    expect(rows.some((row) => row.includes('forged-pool'))).toBe(false)
  })

  it('refuses a user of the console pool who is not in the operators group', async () => {
    const context = await browser.newContext()
    const other = await context.newPage()
    await other.goto(`${worker.endpoint}/console`)
    await other.waitForURL(/\/login\?/)
    await signIn(other, BYSTANDER)
    await other.waitForURL(/\/console\/callback/)
    expect(await other.getByRole('alert').textContent()).toContain('not as a console operator')
    expect((await context.cookies(worker.endpoint)).map((c) => c.name)).not.toContain(
      '__Host-pcl-console',
    )
    // And the console itself still sends them to sign in.
    const response = await context.request.get(`${worker.endpoint}/console`, { maxRedirects: 0 })
    expect(response.status()).toBe(303)
    await context.close()
  })

  it('signs the operator out', async () => {
    await page.goto(`${worker.endpoint}/console`)
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL(`${worker.endpoint}/`)
    const response = await operator.request.get(`${worker.endpoint}/console`, { maxRedirects: 0 })
    expect(response.status()).toBe(303)
  })
})
