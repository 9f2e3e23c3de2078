import {
  GetUICustomizationCommand,
  SetUICustomizationCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { join } from 'node:path'
import * as oidc from 'openid-client'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './support/browser'
import { adminClient, createAppClient, createPool, endpoint } from './support/clients'

const SHOTS =
  process.env.SCREENSHOTS_DIR ?? join(process.env.TMPDIR ?? '/tmp', 'portcullis-screenshots')

describe('hosted UI branding (SetUICustomization / GetUICustomization)', () => {
  let browser: Browser
  let poolId: string
  let clientId: string
  let logo: Buffer

  beforeAll(async () => {
    browser = await launchChromium()
    poolId = await createPool()
    clientId = (
      await createAppClient(poolId, {
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid'],
        CallbackURLs: ['https://rp.example/cb'],
      })
    ).clientId
    // A real PNG, drawn by the browser itself.
    const page = await browser.newPage({ viewport: { width: 120, height: 40 } })
    await page.setContent(
      '<body style="margin:0;background:#7c3aed"><b style="color:#fff;font:bold 24px sans-serif;padding:6px;display:block">ACME</b></body>',
    )
    logo = await page.screenshot()
    await page.close()
  })

  afterAll(async () => {
    await browser?.close()
  })

  const loginUrl = async () => {
    const config = await oidc.discovery(
      new URL(`${endpoint()}/${poolId}`),
      clientId,
      undefined,
      oidc.None(),
      { execute: [oidc.allowInsecureRequests] },
    )
    return oidc.buildAuthorizationUrl(config, {
      redirect_uri: 'https://rp.example/cb',
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    }).href
  }

  it('applies a client logo and stylesheet to the hosted pages', async () => {
    const css =
      '.submitButton-customizable { background-color: #7c3aed; } .background-customizable { background-color: #f5f3ff }'
    const set = await adminClient().send(
      new SetUICustomizationCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        CSS: css,
        ImageFile: logo,
      }),
    )
    expect(set.UICustomization?.ImageUrl).toContain(`/_ui/logo/${poolId}/${clientId}`)
    const got = await adminClient().send(
      new GetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId }),
    )
    expect(got.UICustomization?.CSS).toBe(css)
    const page = await browser.newPage()
    await page.goto(await loginUrl())
    const button = await page
      .getByRole('button', { name: 'Sign in' })
      .evaluate(
        (el) =>
          (
            globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }
          ).getComputedStyle(el).backgroundColor,
      )
    expect(button).toBe('rgb(124, 58, 237)')
    const logoWidth = await page
      .locator('img.logo-customizable')
      .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)
    expect(logoWidth).toBe(120)
    await page.screenshot({ path: join(SHOTS, 'login-branded.png'), fullPage: true })
    await page.close()
  })

  it('falls back from the client to the pool customization', async () => {
    const other = (await createAppClient(poolId)).clientId
    await adminClient().send(
      new SetUICustomizationCommand({
        UserPoolId: poolId,
        CSS: '.label-customizable { color: #065f46 }',
      }),
    )
    const got = await adminClient().send(
      new GetUICustomizationCommand({ UserPoolId: poolId, ClientId: other }),
    )
    expect(got.UICustomization).toMatchObject({
      ClientId: 'ALL',
      CSS: '.label-customizable { color: #065f46 }',
    })
  })

  it('refuses CSS that could load resources or escape the stylesheet, and logos that are not PNG/JPEG or too big', async () => {
    const hostile = [
      '.logo-customizable { background: url(https://evil.example/x.png) }',
      '@import url("https://evil.example/x.css"); .label-customizable { color: red }',
      '.label-customizable { color: red } </style><script>alert(1)</script>',
      '.label-customizable { background: \\75rl(https://evil.example) }',
      'body { display: none }',
      '.label-customizable { color: red } .label-customizable { x: expression(alert(1)) }',
    ]
    for (const CSS of hostile) {
      await expect(
        adminClient().send(
          new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId, CSS }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    }
    await expect(
      adminClient().send(
        new SetUICustomizationCommand({
          UserPoolId: poolId,
          ImageFile: Buffer.from('<svg onload="alert(1)"/>'),
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    const huge = Buffer.concat([logo.subarray(0, 8), Buffer.alloc(101 * 1024)])
    await expect(
      adminClient().send(new SetUICustomizationCommand({ UserPoolId: poolId, ImageFile: huge })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    // The stored customization is unchanged by the refused attempts.
    const got = await adminClient().send(
      new GetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId }),
    )
    expect(got.UICustomization?.CSS).toContain('#7c3aed')
  })
})
