import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './support/browser'
import { freePort } from './support/worker'

/**
 * The README's quickstart as a newcomer runs it: `npm start` on a port of their choosing brings up
 * the IdP on 127.0.0.1 and the demo app on localhost, and a browser signs in as the demo user,
 * sees the identity the demo origin received, and signs out again (every demo URL follows the port).
 */
describe('npm start: the demo pool, client, user and protected origin', () => {
  let browser: Browser
  let start: ChildProcess
  let home: string
  let output = ''
  let port: number

  beforeAll(async () => {
    browser = await launchChromium()
    port = await freePort()
    home = mkdtempSync(join(tmpdir(), 'portcullis-home-'))
    start = spawn('node', ['scripts/start.mjs'], {
      env: {
        ...process.env,
        PORT: String(port),
        DEMO_ORIGIN_PORT: String(await freePort()),
        PORTCULLIS_HOME: home,
        PORTCULLIS_NO_BROWSER: '1',
        WRANGLER_SEND_METRICS: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    start.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    start.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    const deadline = Date.now() + 150_000
    while (!output.includes('protected demo')) {
      if (start.exitCode !== null) throw new Error(`npm start exited:\n${output}`)
      if (Date.now() > deadline) throw new Error(`npm start did not come up:\n${output}`)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    if (start?.pid && start.exitCode === null) {
      const exited = new Promise((resolve) => start.once('exit', resolve))
      process.kill(-start.pid, 'SIGINT')
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))])
      if (start.exitCode === null) process.kill(-start.pid, 'SIGKILL')
    }
    if (home) rmSync(home, { recursive: true, force: true })
  })

  const printed = (label: string) => new RegExp(`${label}\\s+(\\S+)`).exec(output)?.[1]

  it('prints where everything is, on the port it was given', () => {
    expect(printed('endpoint')).toBe(`http://127.0.0.1:${port}`)
    expect(printed('protected demo')).toBe(`http://localhost:${port}/demo/`)
    expect(printed('demo user')).toBe('demo@example.com')
  })

  it('signs the demo user in to the protected demo and out again', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`http://localhost:${port}/demo/`)
    expect(new URL(page.url()).host).toBe(`127.0.0.1:${port}`)
    await page.getByLabel('Username or email').fill(printed('demo user')!)
    await page.getByLabel('Password').fill(printed('demo password')!)
    await Promise.all([
      page.waitForURL(`http://localhost:${port}/demo/**`),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ])
    await expect.poll(() => page.locator('h1').textContent()).toBe('Hello, demo@example.com')
    await page.getByRole('link', { name: 'Sign out' }).click()
    // Signed out of the gateway and of the hosted UI: the demo asks for a password again.
    await page.waitForURL(`http://127.0.0.1:${port}/login**`).catch(async (error: unknown) => {
      throw new Error(
        `${String(error)}\nnow at ${page.url()}:\n${(await page.content()).slice(0, 2000)}`,
      )
    })
    expect(await page.getByLabel('Password').count()).toBe(1)
    await context.close()
  })
})
