import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import * as oidc from 'openid-client'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './support/browser'
import { callbackServer } from './support/callback-server'
import { adminClient, createAppClient, createPool, endpoint, outbox } from './support/clients'

// `npm run screenshots` sets this to docs/screenshots; otherwise the pictures go to a temp folder.
const SHOTS =
  process.env.SCREENSHOTS_DIR ?? join(process.env.TMPDIR ?? '/tmp', 'portcullis-screenshots')

/** Hosted sign-up, confirmation and password reset in real Chromium, ending in a code for the client. */
describe('hosted UI pages in Chromium', () => {
  let browser: Browser
  let callback: Awaited<ReturnType<typeof callbackServer>>
  let poolId: string
  let config: oidc.Configuration

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    browser = await launchChromium()
    callback = await callbackServer()
    poolId = await createPool({
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      Schema: [{ Name: 'name', Required: true }],
    })
    const { clientId } = await createAppClient(poolId, {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email'],
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

  const authorizeUrl = async () =>
    oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${callback.base}/callback`,
      scope: 'openid email',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
      state: 'hosted',
    })

  const lastCode = async (purpose: string, to: string) =>
    (await outbox(poolId)).filter((m) => m.purpose === purpose && m.destination === to).at(-1)?.code

  const shoot = (page: Page, name: string) =>
    page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true })

  it('signs up, confirms with the emailed code and signs in, all without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto((await authorizeUrl()).href)
    await shoot(page, 'login')
    await page.getByRole('link', { name: 'Create an account' }).click()
    await shoot(page, 'signup')
    await page.getByLabel('Email').fill('hosted@example.com')
    await page.getByLabel('name').fill('Hosted Person')
    await page.getByLabel('Password').fill('short')
    await page.getByRole('button', { name: 'Sign up' }).click()
    expect(await page.getByRole('alert').textContent()).toContain('Password')
    await shoot(page, 'signup-error')
    await page.getByLabel('Email').fill('hosted@example.com')
    await page.getByLabel('name').fill('Hosted Person')
    await page.getByLabel('Password').fill('Hosted-Pass-42')
    await page.getByRole('button', { name: 'Sign up' }).click()
    expect(await page.getByRole('status').textContent()).toContain('h***@e***')
    await shoot(page, 'confirm')
    await page.getByRole('button', { name: 'Send a new code' }).click()
    expect(await page.getByRole('status').textContent()).toContain('new code')
    await page
      .getByLabel('Verification code')
      .fill(
        '000000' === (await lastCode('RESEND_CODE', 'hosted@example.com')) ? '111111' : '000000',
      )
    await page.getByRole('button', { name: 'Confirm' }).click()
    expect(await page.getByRole('alert').isVisible()).toBe(true)
    const resent = (await outbox(poolId))
      .filter((m) => m.purpose === 'RESEND_CODE' && m.destination === 'hosted@example.com')
      .at(-1)!.code!
    await page.getByLabel('Verification code').fill(resent)
    await page.getByRole('button', { name: 'Confirm' }).click()
    expect(await page.getByRole('status').textContent()).toContain('confirmed')
    await page.getByLabel('Password').fill('Hosted-Pass-42')
    await Promise.all([
      page.waitForURL(`${callback.base}/**`),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ])
    expect(new URL(page.url()).searchParams.get('code')).toBeTruthy()
    await context.close()
  })

  it('resets a forgotten password with the emailed code', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto((await authorizeUrl()).href)
    await page.getByLabel('Username or email').fill('hosted@example.com')
    await page.getByLabel('Password').fill('Wrong-Pass-00')
    await page.getByRole('button', { name: 'Sign in' }).click()
    expect((await page.getByRole('alert').textContent())?.trim()).toBe(
      'Incorrect username or password.',
    )
    await shoot(page, 'login-error')
    await page.getByRole('link', { name: 'Forgot your password?' }).click()
    await shoot(page, 'forgot-password')
    await page.getByLabel('Username or email').fill('hosted@example.com')
    await page.getByRole('button', { name: 'Send a reset code' }).click()
    await shoot(page, 'reset-password')
    await page
      .getByLabel('Reset code')
      .fill((await lastCode('FORGOT_PASSWORD', 'hosted@example.com'))!)
    await page.getByLabel('New password').fill('Hosted-Pass-43')
    await page.getByRole('button', { name: 'Reset password' }).click()
    expect(await page.getByRole('status').textContent()).toContain('reset')
    await page.getByLabel('Password').fill('Hosted-Pass-43')
    await Promise.all([
      page.waitForURL(`${callback.base}/**`),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ])
    expect(new URL(page.url()).searchParams.get('state')).toBe('hosted')
    await context.close()
  })

  it('walks an invited user through NEW_PASSWORD_REQUIRED with the temporary password', async () => {
    const { AdminCreateUserCommand } = await import('@aws-sdk/client-cognito-identity-provider')
    await adminClient().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'invited@example.com',
        DesiredDeliveryMediums: ['EMAIL'],
      }),
    )
    const temporary = (await outbox(poolId))
      .filter((m) => m.purpose === 'ADMIN_CREATE_USER' && m.destination === 'invited@example.com')
      .at(-1)!.code!
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto((await authorizeUrl()).href)
    await page.getByLabel('Username or email').fill('invited@example.com')
    await page.getByLabel('Password').fill(temporary)
    await page.getByRole('button', { name: 'Sign in' }).click()
    // The pool requires `name`, which the invitation did not set: the page asks for it.
    await page.getByLabel('name').fill('Invited Person')
    await shoot(page, 'new-password')
    await page.getByLabel('New password').fill('Invited-Pass-42')
    await Promise.all([
      page.waitForURL(`${callback.base}/**`),
      page.getByRole('button', { name: 'Set password and sign in' }).click(),
    ])
    expect(new URL(page.url()).searchParams.get('code')).toBeTruthy()
    await context.close()
  })

  it('shows an error page (not a redirect) for a bad redirect URI', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const url = await authorizeUrl()
    url.searchParams.set('redirect_uri', 'https://evil.example/steal')
    const response = await page.goto(url.href)
    expect(response?.status()).toBe(400)
    expect(page.url()).toContain('/oauth2/authorize')
    expect(await page.getByRole('alert').textContent()).toContain('redirect_uri')
    await shoot(page, 'error')
    await context.close()
  })
})
