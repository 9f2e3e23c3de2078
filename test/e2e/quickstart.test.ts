import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './support/browser'
import { freePort } from './support/worker'

const run = promisify(execFile)
// The printed sequence runs `aws` from PATH; CI installs Debian's AWS CLI, so there it always runs.
const cliAvailable = spawnSync('aws', ['--version']).status === 0 || process.env.CI === 'true'

/** The lines of a printed block, from the line starting with `heading` up to a blank line. */
function printedBlock(output: string, heading: string): string[] {
  const lines = output.split('\n')
  const start = lines.findIndex((line) => line.startsWith(heading))
  if (start < 0) throw new Error(`npm start printed no "${heading}" block:\n${output}`)
  const end = lines.findIndex((line, i) => i > start && line.trim() === '')
  return lines.slice(start + 1, end).map((line) => line.replace(/^ {2}/, ''))
}

/** A shell environment with no AWS credentials or configuration of the developer's. */
function cleanAwsEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const name of Object.keys(env)) if (name.startsWith('AWS_')) delete env[name]
  return {
    ...env,
    AWS_PAGER: '',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  }
}

/**
 * The README's quickstart as a newcomer runs it: `npm start` on a port of their choosing brings up
 * the IdP on 127.0.0.1 and the demo app on localhost, and a browser signs in as the demo user,
 * sees the identity the demo origin received, and signs out again (every demo URL follows the port);
 * the printed identity-pool instructions (AWS CLI, SDK) fetch the seeded object through the S3 front.
 */
describe('npm start: the demo pools, client, user, protected origin and bucket', () => {
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

  it.skipIf(!cliAvailable)(
    'the printed AWS CLI sequence reads public/hello.txt with guest identity-pool credentials',
    async () => {
      expect(/^ {2}identity pool\s+(\S+)/m.exec(output)?.[1]).toMatch(/^us-east-1:[0-9a-f-]+$/)
      const script = printedBlock(output, 'AWS CLI, guest credentials').filter(
        (line) => !line.startsWith('('),
      )
      expect(script.at(-1)).toBe(
        `aws s3 cp s3://portcullis-demo/public/hello.txt - --endpoint-url http://localhost:${port}/s3`,
      )
      const { stdout } = await run('bash', ['-e', '-o', 'pipefail', '-c', script.join('\n')], {
        env: cleanAwsEnv(),
      })
      expect(stdout).toContain('Hello from Portcullis')
    },
  )

  it('the printed SDK snippet reads the same object', async () => {
    const snippet = printedBlock(output, 'AWS SDK for JavaScript v3 (@aws-sdk/credential-providers')
    const program = [
      "import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers'",
      "import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3'",
      ...snippet,
    ].join('\n')
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', program], {
      cwd: process.cwd(),
      env: cleanAwsEnv(),
    })
    expect(stdout).toContain('Hello from Portcullis')
  })

  it('the printed sync snippet writes a record to the guest’s own dataset', async () => {
    const snippet = printedBlock(output, 'Cognito Sync with the same guest')
    // The SDK snippet's guest credentials, as that block defines them (its first statement).
    const sdk = printedBlock(output, 'AWS SDK for JavaScript v3 (@aws-sdk/credential-providers')
    const program = [
      "import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers'",
      "import { CognitoSyncClient, ListRecordsCommand, UpdateRecordsCommand } from '@aws-sdk/client-cognito-sync'",
      ...sdk.slice(0, 3),
      ...snippet,
    ].join('\n')
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', program], {
      cwd: process.cwd(),
      env: cleanAwsEnv(),
    })
    expect(stdout.trim()).toBe('greeting 1')
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
    // The demo's pre token generation trigger (examples/trigger-functions) added a claim, which the
    // gateway passed on as a header.
    expect(await page.locator('tr', { hasText: 'x-demo-greeting' }).textContent()).toContain(
      'from the pre token generation trigger (TokenGeneration_HostedAuth)',
    )
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

  it('opens on a landing page that names the demo and leads the printed operator into the console', async () => {
    const deadline = Date.now() + 30_000
    while (!/ console\s+\S+\s+\(operator/.test(output) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 250))
    const line = / console\s+(\S+)\s+\(operator (\S+), password (\S+)\)/.exec(output)
    expect(line?.[1]).toBe(`http://127.0.0.1:${port}/console`)
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(printed('landing page')!)
    expect(await page.getByRole('main').textContent()).toContain(printed('demo user')!)
    expect(
      await page.getByRole('link', { name: 'Open the protected demo origin' }).getAttribute('href'),
    ).toBe(`http://localhost:${port}/demo/`)
    await page.getByRole('link', { name: 'Console' }).click()
    await page.getByLabel('Username or email').fill(line![2]!)
    await page.getByLabel('Password').fill(line![3]!)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(`http://127.0.0.1:${port}/console`)
    expect(await page.getByRole('banner').textContent()).toContain('First Operator')
    await context.close()
  })
})
