import { CreateIdentityProviderCommand } from '@aws-sdk/client-cognito-identity-provider'
import { createServer, type Server } from 'node:http'
import * as oidc from 'openid-client'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/browser'
import { callbackServer } from '../support/callback-server'
import { adminClient, createAppClient, createPool, endpoint } from '../support/clients'
import {
  newContext,
  signInUpstream,
  startUpstream,
  type UpstreamProvider,
  upstreamAnswer,
} from '../support/upstream-oidc'
import { freePort } from '../support/worker'

const admin = adminClient()

/**
 * RFC 9207 mix-up: a second identity provider configured in the same pool ("Mixer", controlled by
 * an attacker) sends the browser on to the honest provider with Portcullis's own state, nonce and
 * PKCE challenge. The honest provider signs the user in and answers with its `iss`; Portcullis,
 * believing the state, would redeem the honest provider's code, with the PKCE verifier, at the
 * Mixer's token endpoint. Checking `iss` against the provider the state names stops that before
 * anything is sent.
 */
describe('security review 11: federation checks the upstream iss (RFC 9207)', () => {
  let browser: Browser
  let honest: UpstreamProvider
  let callback: Awaited<ReturnType<typeof callbackServer>>
  let mixer: Server
  let mixerIssuer: string
  const mixerTokenRequests: string[] = []
  let poolId: string
  let config: oidc.Configuration

  beforeAll(async () => {
    browser = await launchChromium()
    callback = await callbackServer()
    honest = await startUpstream()
    const port = await freePort()
    mixerIssuer = `http://127.0.0.1:${port}`
    mixer = createServer((request, response) => {
      const url = new URL(request.url ?? '/', mixerIssuer)
      if (url.pathname === '/.well-known/openid-configuration') {
        response.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            issuer: mixerIssuer,
            authorization_endpoint: `${mixerIssuer}/auth`,
            token_endpoint: `${mixerIssuer}/token`,
            jwks_uri: `${mixerIssuer}/jwks`,
          }),
        )
        return
      }
      if (url.pathname === '/auth') {
        // The attack: on to the honest provider, as Portcullis's client there, with our state.
        const onward = new URL(`${honest.issuer}/auth`)
        for (const name of [
          'response_type',
          'redirect_uri',
          'scope',
          'state',
          'nonce',
          'code_challenge',
          'code_challenge_method',
        ])
          onward.searchParams.set(name, url.searchParams.get(name) ?? '')
        onward.searchParams.set('client_id', honest.clientId)
        response.writeHead(302, { location: onward.href }).end()
        return
      }
      if (url.pathname === '/token') {
        let body = ''
        request.on('data', (chunk: Buffer) => (body += chunk.toString()))
        request.on('end', () => {
          mixerTokenRequests.push(body)
          response
            .writeHead(400, { 'content-type': 'application/json' })
            .end(JSON.stringify({ error: 'invalid_grant' }))
        })
        return
      }
      response.writeHead(404).end()
    })
    await new Promise<void>((resolve) => mixer.listen(port, '127.0.0.1', resolve))

    poolId = await createPool()
    const provider = (name: string, issuer: string, clientId: string, secret: string) =>
      admin.send(
        new CreateIdentityProviderCommand({
          UserPoolId: poolId,
          ProviderName: name,
          ProviderType: 'OIDC',
          ProviderDetails: {
            client_id: clientId,
            client_secret: secret,
            authorize_scopes: 'openid email',
            oidc_issuer: issuer,
          },
          AttributeMapping: { email: 'email' },
        }),
      )
    await provider('Honest', honest.issuer, honest.clientId, honest.clientSecret)
    await provider('Mixer', mixerIssuer, 'mixer-client', 'mixer-secret')
    const clientId = (
      await createAppClient(poolId, {
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid', 'email'],
        CallbackURLs: ['http://127.0.0.1/callback'],
        SupportedIdentityProviders: ['COGNITO', 'Honest', 'Mixer'],
      })
    ).clientId
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
    await honest?.close()
    await new Promise((resolve) => mixer?.close(resolve))
  })

  const authorization = async (provider: string) => {
    const verifier = oidc.randomPKCECodeVerifier()
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${callback.base}/callback`,
      scope: 'openid email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: 'app-state',
      identity_provider: provider,
    })
    return { url, verifier }
  }

  it("never sends the honest provider's code and PKCE verifier to the provider the state names when iss says otherwise", async () => {
    const { url } = await authorization('Mixer')
    const context = await newContext(browser)
    const page = await context.newPage()
    await page.goto(url.href)
    await signInUpstream(page, honest, 'victim', (u) => u.href.startsWith(callback.base))
    // Nothing reached the Mixer's token endpoint: not the code, not the verifier, nothing.
    expect(mixerTokenRequests).toEqual([])
    // The app hears that the sign-in failed, with its own state; no code.
    const back = new URL(page.url())
    expect(back.searchParams.get('error')).toBe('access_denied')
    expect(back.searchParams.get('state')).toBe('app-state')
    expect(back.searchParams.get('code')).toBeNull()
    await context.close()
  })

  it('refuses an answer without iss from a provider that says it sends one, before redeeming its code', async () => {
    const { url, verifier } = await authorization('Honest')
    const started = await fetch(url, { redirect: 'manual' })
    const cookie = started.headers
      .getSetCookie()
      .find((c) => c.startsWith('__Host-pcl-fed='))!
      .split(';')[0]!
    const answer = await upstreamAnswer(
      honest,
      new URL(started.headers.get('location')!),
      'someone',
    )
    expect(answer.pathname).toBe('/oauth2/idpresponse')
    expect(answer.searchParams.get('iss')).toBe(honest.issuer)
    const replay = (query: URLSearchParams) =>
      fetch(`${endpoint()}/oauth2/idpresponse?${query}`, {
        redirect: 'manual',
        headers: { cookie },
      })

    const withoutIss = new URLSearchParams(answer.search)
    withoutIss.delete('iss')
    const refused = await replay(withoutIss)
    expect(refused.status).toBe(303)
    const refusal = new URL(refused.headers.get('location')!)
    expect(`${refusal.origin}${refusal.pathname}`).toBe(`${callback.base}/callback`)
    expect(refusal.searchParams.get('error')).toBe('access_denied')
    expect(refusal.searchParams.get('code')).toBeNull()

    const wrongIss = new URLSearchParams(answer.search)
    wrongIss.set('iss', mixerIssuer)
    const wrong = new URL((await replay(wrongIss)).headers.get('location')!)
    expect(wrong.searchParams.get('error')).toBe('access_denied')

    // The refusals sent nothing upstream: the code is still unused and the genuine answer works.
    const genuine = await replay(new URLSearchParams(answer.search))
    expect(genuine.status).toBe(303)
    const tokens = await oidc.authorizationCodeGrant(
      config,
      new URL(genuine.headers.get('location')!),
      { pkceCodeVerifier: verifier, expectedState: 'app-state' },
    )
    expect(tokens.claims()?.['cognito:username']).toBe('Honest_someone')
  })
})
