import {
  CognitoIdentityClient,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  SetIdentityPoolRolesCommand,
} from '@aws-sdk/client-cognito-identity'
import {
  CognitoIdentityProviderClient,
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeIdentityProviderCommand,
  GetIdentityProviderByIdentifierCommand,
  UpdateIdentityProviderCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { createServer, type Server } from 'node:http'
import { decodeJwt, decodeProtectedHeader, exportPKCS8, generateKeyPair, jwtVerify } from 'jose'
import Provider from 'oidc-provider'
import * as oidc from 'openid-client'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './support/browser'
import { callbackServer } from './support/callback-server'
import {
  adminConfig,
  createIdentityPool,
  createRole,
  REGION,
  trustPolicyForPool,
} from './support/identity-pool-fixture'
import { simulatedOAuthProvider, type SimulatedOAuthProvider } from './support/simulated-token-apis'
import { newContext, signInUpstream, type UpstreamProvider } from './support/upstream-oidc'
import { freePort, startWorker, type RunningWorker } from './support/worker'

const APPLE_CLIENT = 'com.example.portcullis'
const APPLE_TEAM = 'TEAM123456'
const APPLE_KEY_ID = 'KEY1234567'
const FACEBOOK = { id: '1234567890', secret: 'facebook-app-secret' }
const AMAZON = { id: 'amzn1.application-oa2-client.simulated', secret: 'amazon-client-secret' }

/**
 * Google, Sign in with Apple, Facebook and Login with Amazon as native identity-provider types of
 * a user pool, signed in through for real in Chromium on a running Worker. Google and Apple are
 * panva's oidc-provider configured as those issuers (LOGIN_GOOGLE_ISSUER, LOGIN_APPLE_ISSUER):
 * Apple's answers by form_post from another site (localhost, while Portcullis is 127.0.0.1), with
 * the `user` form field of the first sign-in, and its token endpoint wrapped so that it checks the
 * ES256 client secret Portcullis signs before the provider sees the request. Facebook and Login
 * with Amazon are *simulated*: local servers with the shapes of their sign-in pages, token
 * endpoints and profile APIs, since the real ones cannot be reached from here. Each federated
 * user's ID token then gets identity-pool credentials through a Rules role mapping.
 */
describe('user-pool federation with Google, Apple, Facebook and Login with Amazon', () => {
  let worker: RunningWorker
  let browser: Browser
  let callback: Awaited<ReturnType<typeof callbackServer>>
  let google: UpstreamProvider & { server: Server }
  let apple: UpstreamProvider & { server: Server }
  let facebook: SimulatedOAuthProvider
  let amazon: SimulatedOAuthProvider
  let idp: CognitoIdentityProviderClient
  let poolId: string
  let clientId: string
  let config: oidc.Configuration
  /** The client secrets Apple's token endpoint verified, decoded. */
  const appleSecrets: Array<Record<string, unknown>> = []
  /** What the simulated Apple posts as `user` with its next answer (Apple: the first one only). */
  let appleUserField: string | undefined
  let applePrivateKey: string

  beforeAll(async () => {
    const googlePort = await freePort()
    const applePort = await freePort()
    const googleIssuer = `http://127.0.0.1:${googlePort}`
    // Another site than Portcullis's 127.0.0.1: Apple's form_post must be a cross-site POST.
    const appleIssuer = `http://localhost:${applePort}`
    facebook = await simulatedOAuthProvider('facebook', FACEBOOK)
    amazon = await simulatedOAuthProvider('amazon', AMAZON)
    worker = await startWorker({
      vars: {
        LOGIN_GOOGLE_ISSUER: googleIssuer,
        LOGIN_APPLE_ISSUER: appleIssuer,
        LOGIN_FACEBOOK_GRAPH_URL: facebook.base,
        FEDERATION_FACEBOOK_WEB_URL: facebook.base,
        LOGIN_AMAZON_API_URL: amazon.base,
        FEDERATION_AMAZON_WEB_URL: amazon.base,
      },
    })
    const redirect = `${worker.endpoint}/oauth2/idpresponse`
    google = await startOidcProvider(googleIssuer, googlePort, {
      client_id: 'google-client.apps.googleusercontent.com',
      client_secret: 'google-secret',
      redirect_uris: [redirect],
    })
    const keys = await generateKeyPair('ES256', { extractable: true })
    applePrivateKey = await exportPKCS8(keys.privateKey)
    apple = await startOidcProvider(
      appleIssuer,
      applePort,
      {
        client_id: APPLE_CLIENT,
        // What the wrapper below hands the provider once Apple's signed secret has verified.
        client_secret: 'verified-by-the-wrapper',
        token_endpoint_auth_method: 'client_secret_post',
        redirect_uris: [redirect],
      },
      (provider) => {
        // Sign in with Apple's client authentication: client_secret is an ES256 JWT from the team.
        provider.use(async (ctx, next) => {
          if (ctx.method === 'POST' && ctx.path === '/token') {
            const form = new URLSearchParams(await readAll(ctx.req))
            const secret = form.get('client_secret') ?? ''
            const verified = await jwtVerify(secret, keys.publicKey, {
              algorithms: ['ES256'],
              issuer: APPLE_TEAM,
              subject: APPLE_CLIENT,
              audience: appleIssuer,
              requiredClaims: ['iat', 'exp'],
            }).catch(() => null)
            if (
              !verified ||
              decodeProtectedHeader(secret).kid !== APPLE_KEY_ID ||
              verified.payload.exp! - verified.payload.iat! > 15_777_000
            ) {
              ctx.status = 400
              ctx.body = { error: 'invalid_client' }
              return
            }
            appleSecrets.push(verified.payload as Record<string, unknown>)
            form.set('client_secret', 'verified-by-the-wrapper')
            ctx.request.body = Object.fromEntries(form)
          }
          await next()
          // Apple's form_post carries the user's name beside the code when it has one to tell.
          if (appleUserField !== undefined && typeof ctx.body === 'string') {
            const body = ctx.body
            if (body.includes('Submitting Callback'))
              ctx.body = body.replace(
                '<noscript>',
                `<input type="hidden" name="user" value="${appleUserField.replace(/"/g, '&quot;')}"/><noscript>`,
              )
          }
        })
      },
    )
    browser = await launchChromium()
    callback = await callbackServer()
    idp = new CognitoIdentityProviderClient(adminConfig(worker))
    poolId = (await idp.send(new CreateUserPoolCommand({ PoolName: 'social' }))).UserPool!.Id!
    const mapping = { email: 'email', name: 'name' }
    await idp.send(
      new CreateIdentityProviderCommand({
        UserPoolId: poolId,
        ProviderName: 'Google',
        ProviderType: 'Google',
        ProviderDetails: {
          client_id: 'google-client.apps.googleusercontent.com',
          client_secret: 'google-secret',
          authorize_scopes: 'email profile openid',
        },
        AttributeMapping: mapping,
      }),
    )
    await idp.send(
      new CreateIdentityProviderCommand({
        UserPoolId: poolId,
        ProviderName: 'SignInWithApple',
        ProviderType: 'SignInWithApple',
        ProviderDetails: {
          client_id: APPLE_CLIENT,
          team_id: APPLE_TEAM,
          key_id: APPLE_KEY_ID,
          private_key: applePrivateKey,
          authorize_scopes: 'email name',
        },
        AttributeMapping: { ...mapping, given_name: 'firstName', family_name: 'lastName' },
      }),
    )
    await idp.send(
      new CreateIdentityProviderCommand({
        UserPoolId: poolId,
        ProviderName: 'Facebook',
        ProviderType: 'Facebook',
        ProviderDetails: {
          client_id: FACEBOOK.id,
          client_secret: FACEBOOK.secret,
          authorize_scopes: 'public_profile,email',
          api_version: 'v19.0',
        },
        AttributeMapping: mapping,
      }),
    )
    await idp.send(
      new CreateIdentityProviderCommand({
        UserPoolId: poolId,
        ProviderName: 'LoginWithAmazon',
        ProviderType: 'LoginWithAmazon',
        ProviderDetails: {
          client_id: AMAZON.id,
          client_secret: AMAZON.secret,
          authorize_scopes: 'profile',
        },
        AttributeMapping: mapping,
        IdpIdentifiers: ['amazon.example'],
      }),
    )
    clientId = (
      await idp.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'web',
          AllowedOAuthFlows: ['code'],
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthScopes: ['openid', 'email', 'profile'],
          CallbackURLs: ['http://127.0.0.1/callback'],
          SupportedIdentityProviders: [
            'COGNITO',
            'Google',
            'SignInWithApple',
            'Facebook',
            'LoginWithAmazon',
          ],
        }),
      )
    ).UserPoolClient!.ClientId!
    config = await oidc.discovery(
      new URL(`${worker.endpoint}/${poolId}`),
      clientId,
      undefined,
      oidc.None(),
      { execute: [oidc.allowInsecureRequests] },
    )
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await callback?.close()
    await facebook?.close()
    await amazon?.close()
    await new Promise((resolve) => google?.server.close(resolve))
    await new Promise((resolve) => apple?.server.close(resolve))
    await worker?.stop()
  })

  const authorization = async (extra: Record<string, string> = {}) => {
    const verifier = oidc.randomPKCECodeVerifier()
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${callback.base}/callback`,
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: 'social',
      ...extra,
    })
    return { url, verifier }
  }

  const atCallback = (url: URL) => url.href.startsWith(`${callback.base}/callback`)

  /** The simulated Facebook or Amazon sign-in page, as a person would use it. */
  async function signInSimulated(page: Page, at: SimulatedOAuthProvider, login: string) {
    await page.waitForURL((url) => url.href.startsWith(at.base))
    await page.getByLabel('Login').fill(login)
    await Promise.all([
      page.waitForURL(atCallback),
      page.getByRole('button', { name: 'Log in' }).click(),
    ])
  }

  /**
   * One sign-in in a fresh browser: from the hosted UI's button for `button`, or straight to the
   * provider with `identity_provider`, through the provider's pages, back to the app with a code
   * it redeems for Portcullis tokens.
   */
  async function signIn(
    provider: string,
    login: string,
    options: { button?: string } = {},
  ): Promise<{ idToken: string; claims: Record<string, unknown>; cookieSameSite?: string }> {
    const context = await newContext(browser)
    const page = await context.newPage()
    const { url, verifier } = await authorization(
      options.button ? {} : { identity_provider: provider },
    )
    await page.goto(url.href)
    if (options.button) await page.getByRole('link', { name: options.button }).click()
    const binding = async () =>
      (await context.cookies(worker.endpoint)).find((c) => c.name === '__Host-pcl-fed')?.sameSite
    let cookieSameSite: string | undefined
    if (provider === 'Google' || provider === 'SignInWithApple') {
      const upstream = provider === 'Google' ? google : apple
      await page.waitForURL((u) => u.href.startsWith(`${upstream.issuer}/interaction/`))
      cookieSameSite = await binding()
      await signInUpstream(page, upstream, login, atCallback)
    } else {
      const at = provider === 'Facebook' ? facebook : amazon
      await page.waitForURL((u) => u.href.startsWith(at.base))
      cookieSameSite = await binding()
      await signInSimulated(page, at, login)
    }
    const tokens = await oidc.authorizationCodeGrant(config, new URL(page.url()), {
      pkceCodeVerifier: verifier,
      expectedState: 'social',
    })
    await context.close()
    const idToken = tokens.id_token!
    return { idToken, claims: decodeJwt(idToken), ...(cookieSameSite ? { cookieSameSite } : {}) }
  }

  const identityOf = (claims: Record<string, unknown>) =>
    (claims.identities as Array<Record<string, unknown>>)[0]

  it('keeps every secret and private key out of what it answers, and refuses bad details', async () => {
    for (const name of ['Google', 'SignInWithApple', 'Facebook', 'LoginWithAmazon']) {
      const described = (
        await idp.send(
          new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: name }),
        )
      ).IdentityProvider!
      expect(described.ProviderType).toBe(name)
      expect(described.ProviderDetails).not.toHaveProperty('client_secret')
      expect(described.ProviderDetails).not.toHaveProperty('private_key')
      expect(JSON.stringify(described)).not.toMatch(/secret|PRIVATE KEY/)
    }
    const apple = (
      await idp.send(
        new DescribeIdentityProviderCommand({
          UserPoolId: poolId,
          ProviderName: 'SignInWithApple',
        }),
      )
    ).IdentityProvider!
    expect(apple.ProviderDetails).toMatchObject({
      client_id: APPLE_CLIENT,
      team_id: APPLE_TEAM,
      key_id: APPLE_KEY_ID,
      authorize_scopes: 'email name',
      oidc_issuer: appleIssuerOf(),
    })
    const fb = (
      await idp.send(
        new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Facebook' }),
      )
    ).IdentityProvider!
    expect(fb.ProviderDetails).toEqual({
      client_id: FACEBOOK.id,
      authorize_scopes: 'public_profile,email',
      api_version: 'v19.0',
      authorize_url: `${facebook.base}/v19.0/dialog/oauth`,
      token_url: `${facebook.base}/v19.0/oauth/access_token`,
      attributes_url: `${facebook.base}/v19.0/me?fields=`,
      attributes_url_add_attributes: 'true',
      token_request_method: 'POST',
    })
    const updated = (
      await idp.send(
        new UpdateIdentityProviderCommand({
          UserPoolId: poolId,
          ProviderName: 'LoginWithAmazon',
          ProviderDetails: { authorize_scopes: 'profile postal_code' },
        }),
      )
    ).IdentityProvider!
    expect(updated.ProviderDetails).not.toHaveProperty('client_secret')
    expect(updated.ProviderDetails).toMatchObject({
      authorize_url: `${amazon.base}/ap/oa`,
      attributes_url: `${amazon.base}/user/profile`,
      authorize_scopes: 'profile postal_code',
    })
    const byIdentifier = (
      await idp.send(
        new GetIdentityProviderByIdentifierCommand({
          UserPoolId: poolId,
          IdpIdentifier: 'amazon.example',
        }),
      )
    ).IdentityProvider!
    expect(byIdentifier.ProviderDetails).not.toHaveProperty('client_secret')

    const refused = async (
      ProviderType: string,
      ProviderDetails: Record<string, string>,
      ProviderName = ProviderType,
    ) => {
      const error = await idp
        .send(
          new CreateIdentityProviderCommand({
            UserPoolId: poolId,
            ProviderName,
            ProviderType: ProviderType as 'Google',
            ProviderDetails,
          }),
        )
        .then(
          () => null,
          (e: Error) => e,
        )
      expect(error?.name, JSON.stringify(ProviderDetails)).toBe('InvalidParameterException')
    }
    const other = await createPoolId()
    const poolFor = async (run: () => Promise<void>) => {
      const saved = poolId
      poolId = other
      try {
        await run()
      } finally {
        poolId = saved
      }
    }
    await poolFor(async () => {
      await refused('Google', { client_id: 'x', authorize_scopes: 'openid' })
      await refused('Google', {
        client_id: 'x',
        client_secret: 's',
        authorize_scopes: 'openid',
        extra: 'y',
      })
      await refused(
        'Google',
        { client_id: 'x', client_secret: 's', authorize_scopes: 'openid' },
        'MyGoogle',
      )
      await refused('SignInWithApple', {
        client_id: 'x',
        team_id: 't',
        key_id: 'k',
        private_key: 'not a key',
        authorize_scopes: 'email',
      })
      await refused('SignInWithApple', {
        client_id: 'x',
        team_id: 't',
        key_id: 'k',
        private_key: applePrivateKey,
        authorize_scopes: 'email phone',
      })
      await refused('Facebook', {
        client_id: 'x',
        client_secret: 's',
        authorize_scopes: 'email',
        api_version: '17',
      })
      await refused('LoginWithAmazon', {
        client_id: 'x',
        client_secret: 's',
        authorize_scopes: 'profile openid',
      })
      await refused('LoginWithAmazon', {
        client_id: 'x',
        client_secret: '',
        authorize_scopes: 'profile',
      })
    })
  })

  it('signs in with Google from the hosted UI button, as Google_{sub}', async () => {
    const { claims, cookieSameSite } = await signIn('Google', 'grace', {
      button: 'Continue with Google',
    })
    expect(cookieSameSite).toBe('Lax')
    expect(claims['cognito:username']).toBe('Google_grace')
    expect(claims.email).toBe('grace@example.com')
    expect(identityOf(claims)).toMatchObject({
      providerName: 'Google',
      providerType: 'Google',
      userId: 'grace',
    })
  })

  it('signs in with Apple by a cross-site form_post, taking the name of the first sign-in only', async () => {
    appleUserField = JSON.stringify({
      name: { firstName: 'Ada', lastName: 'Lovelace' },
      email: 'ada@example.com',
    })
    const first = await signIn('SignInWithApple', 'ada', { button: 'Continue with Apple' })
    // A Lax cookie would stay behind on Apple's cross-site POST; this one is bound by its value.
    expect(first.cookieSameSite).toBe('None')
    expect(first.claims['cognito:username']).toBe('SignInWithApple_ada')
    expect(first.claims).toMatchObject({
      name: 'Ada Lovelace',
      given_name: 'Ada',
      family_name: 'Lovelace',
      email: 'ada@example.com',
    })
    expect(identityOf(first.claims)).toMatchObject({
      providerName: 'SignInWithApple',
      providerType: 'SignInWithApple',
    })
    // The token endpoint saw a fresh, short-lived ES256 secret from the team for the services id.
    expect(appleSecrets.length).toBeGreaterThanOrEqual(1)
    const secret = appleSecrets.at(-1)!
    expect(secret).toMatchObject({ iss: APPLE_TEAM, sub: APPLE_CLIENT, aud: appleIssuerOf() })
    expect((secret.exp as number) - (secret.iat as number)).toBeLessThanOrEqual(300)

    // A later answer's `user` field (Apple sends none; a forged one here) changes nothing.
    appleUserField = JSON.stringify({ name: { firstName: 'Someone', lastName: 'Else' } })
    const again = await signIn('SignInWithApple', 'ada')
    appleUserField = undefined
    expect(again.claims['cognito:username']).toBe('SignInWithApple_ada')
    expect(again.claims).toMatchObject({ name: 'Ada Lovelace', given_name: 'Ada' })
  })

  it('signs in with Facebook (simulated): code, then Graph /me with the id as the user', async () => {
    facebook.profiles.set('fb-user', {
      id: '10150000000000001',
      name: 'Frances Book',
      email: 'frances@example.com',
    })
    const { claims } = await signIn('Facebook', 'fb-user', { button: 'Continue with Facebook' })
    expect(claims['cognito:username']).toBe('Facebook_10150000000000001')
    expect(claims).toMatchObject({ name: 'Frances Book', email: 'frances@example.com' })
    expect(identityOf(claims)).toMatchObject({
      providerType: 'Facebook',
      userId: '10150000000000001',
    })
    const exchange = facebook.tokenRequests.at(-1)!
    expect(exchange).toMatchObject({ grant_type: 'authorization_code', client_id: FACEBOOK.id })
    expect(exchange.code_verifier).toMatch(/^[\w-]{43}$/)
  })

  it('signs in with Login with Amazon (simulated): code, then /user/profile with user_id', async () => {
    amazon.profiles.set('amz-user', {
      user_id: 'amzn1.account.SIMULATED1',
      name: 'Amelia Zon',
      email: 'amelia@example.com',
    })
    const { claims } = await signIn('LoginWithAmazon', 'amz-user')
    expect(claims['cognito:username']).toBe('LoginWithAmazon_amzn1.account.SIMULATED1')
    expect(claims).toMatchObject({ name: 'Amelia Zon', email: 'amelia@example.com' })
    expect(identityOf(claims)).toMatchObject({
      providerName: 'LoginWithAmazon',
      providerType: 'LoginWithAmazon',
    })
  })

  /** A sign-in without a browser: Portcullis's redirect (and its cookie), the provider's answer. */
  async function answerFrom(at: SimulatedOAuthProvider, provider: string, login: string) {
    const { url } = await authorization({ identity_provider: provider })
    const started = await fetch(url, { redirect: 'manual' })
    const cookie = started.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .find((c) => c.startsWith('__Host-pcl-fed='))!
    const dialog = new URL(started.headers.get('location')!)
    expect(dialog.origin).toBe(at.base)
    const signedIn = await fetch(dialog, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...Object.fromEntries(dialog.searchParams), login }).toString(),
    })
    return { answer: new URL(signedIn.headers.get('location')!), cookie }
  }

  const deliver = (answer: URL, cookie?: string) =>
    fetch(answer, { redirect: 'manual', headers: cookie ? { cookie } : {} })

  it('refuses a wrong state, another browser’s answer, a replayed code and a profile without id', async () => {
    facebook.profiles.set('eve', { id: '666', name: 'Eve' })
    const { answer, cookie } = await answerFrom(facebook, 'Facebook', 'eve')
    expect(answer.pathname).toBe('/oauth2/idpresponse')

    // The attacker's own answer, delivered to a victim's browser (its own or no binding cookie).
    const victim = await answerFrom(facebook, 'Facebook', 'eve')
    const elsewhere = await deliver(answer, victim.cookie)
    expect(elsewhere.status).toBe(400)
    expect(await elsewhere.text()).toContain('started in another browser')
    expect((await deliver(answer)).status).toBe(400)

    const forged = new URL(answer)
    forged.searchParams.set('state', `${answer.searchParams.get('state')!.slice(0, -4)}AAAA`)
    const wrongState = await deliver(forged, cookie)
    expect(wrongState.status).toBe(400)
    expect(await wrongState.text()).toContain('not known here')

    const first = await deliver(answer, cookie)
    expect(new URL(first.headers.get('location')!).searchParams.get('code')).toBeTruthy()
    // The same answer again: the provider's code works once, so nothing signs in.
    const replayed = new URL((await deliver(answer, cookie)).headers.get('location')!)
    expect(replayed.searchParams.get('error')).toBe('access_denied')
    expect(replayed.searchParams.get('code')).toBeNull()

    amazon.profiles.set('nobody', { name: 'No Id', email: 'no-id@example.com' })
    const noId = await answerFrom(amazon, 'LoginWithAmazon', 'nobody')
    const refused = new URL((await deliver(noId.answer, noId.cookie)).headers.get('location')!)
    expect(refused.searchParams.get('error')).toBe('access_denied')
    expect(refused.searchParams.get('error_description')).toMatch(/profile names no user/)
  })

  it('is refused by Apple’s token endpoint when the client secret is signed with another key', async () => {
    const stranger = await generateKeyPair('ES256', { extractable: true })
    const update = (private_key: string) =>
      idp.send(
        new UpdateIdentityProviderCommand({
          UserPoolId: poolId,
          ProviderName: 'SignInWithApple',
          ProviderDetails: { private_key },
        }),
      )
    await update(await exportPKCS8(stranger.privateKey))
    const verified = appleSecrets.length
    try {
      const context = await newContext(browser)
      const page = await context.newPage()
      const { url } = await authorization({ identity_provider: 'SignInWithApple' })
      await page.goto(url.href)
      await signInUpstream(page, apple, 'ada', atCallback)
      const answer = new URL(page.url())
      await context.close()
      expect(answer.searchParams.get('error')).toBe('access_denied')
      expect(answer.searchParams.get('code')).toBeNull()
      expect(appleSecrets.length).toBe(verified)
    } finally {
      await update(applePrivateKey)
    }
  })

  it('refuses Apple’s posted answer from a browser without its binding', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const { url } = await authorization({ identity_provider: 'SignInWithApple' })
    let posted: string | undefined
    await page.route(`${worker.endpoint}/oauth2/idpresponse`, async (route) => {
      posted = route.request().postData() ?? ''
      await route.fulfill({ status: 204 })
    })
    await page.goto(url.href)
    await page.waitForURL((u) => u.href.startsWith(`${apple.issuer}/interaction/`))
    await page.locator('input[name="login"]').fill('mallory')
    await page.locator('input[name="password"]').fill('any password')
    await page.getByRole('button', { name: 'Sign-in' }).click()
    await page.getByRole('button', { name: 'Continue' }).click()
    await expect.poll(() => posted).toBeDefined()
    expect(posted).toContain('code=')
    await context.close()
    const replay = await fetch(`${worker.endpoint}/oauth2/idpresponse`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: posted!,
    })
    expect(replay.status).toBe(400)
    expect(await replay.text()).toContain('started in another browser')
  })

  it('gives each provider’s federated users identity-pool credentials through Rules role mapping', async () => {
    const userPool = {
      userPoolId: poolId,
      clientId,
      provider: `cognito-idp.${REGION}.amazonaws.com/${poolId}`,
    }
    const identityPoolId = await createIdentityPool(worker, userPool, {
      IdentityPoolName: 'social',
      AllowUnauthenticatedIdentities: false,
    })
    const trust = trustPolicyForPool(identityPoolId, { amr: 'authenticated' })
    const role = (name: string) =>
      createRole(worker, {
        name,
        trustPolicy: trust,
        policyName: 'read',
        statements: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
      })
    const roles: Record<string, string> = {}
    for (const provider of ['Google', 'SignInWithApple', 'Facebook', 'LoginWithAmazon'])
      roles[provider] = await role(`${provider.toLowerCase()}-users`)
    const fallback = await role('other-users')
    const identity = new CognitoIdentityClient(adminConfig(worker))
    await identity.send(
      new SetIdentityPoolRolesCommand({
        IdentityPoolId: identityPoolId,
        Roles: { authenticated: fallback },
        RoleMappings: {
          [`${userPool.provider}:${clientId}`]: {
            Type: 'Rules',
            AmbiguousRoleResolution: 'Deny',
            RulesConfiguration: {
              Rules: Object.entries(roles).map(([provider, RoleARN]) => ({
                Claim: 'cognito:username',
                MatchType: 'StartsWith',
                Value: `${provider}_`,
                RoleARN,
              })),
            },
          },
        },
      }),
    )
    facebook.profiles.set('fb-pool', { id: '20000000002', name: 'Pool Facebook' })
    amazon.profiles.set('amz-pool', { user_id: 'amzn1.account.POOL', name: 'Pool Amazon' })
    const logins: Record<string, string> = {
      Google: 'pool-google',
      SignInWithApple: 'pool-apple',
      Facebook: 'fb-pool',
      LoginWithAmazon: 'amz-pool',
    }
    for (const [provider, login] of Object.entries(logins)) {
      const { idToken } = await signIn(provider, login)
      const Logins = { [userPool.provider]: idToken }
      const { IdentityId } = await identity.send(
        new GetIdCommand({ IdentityPoolId: identityPoolId, Logins }),
      )
      const { Credentials } = await identity.send(
        new GetCredentialsForIdentityCommand({ IdentityId, Logins }),
      )
      const sts = new STSClient({
        region: REGION,
        endpoint: worker.endpoint,
        credentials: {
          accessKeyId: Credentials!.AccessKeyId!,
          secretAccessKey: Credentials!.SecretKey!,
          sessionToken: Credentials!.SessionToken!,
        },
        maxAttempts: 1,
      })
      const caller = await sts.send(new GetCallerIdentityCommand({}))
      expect(caller.Arn, provider).toContain(`assumed-role/${provider.toLowerCase()}-users/`)
    }
  })

  function appleIssuerOf(): string {
    return apple.issuer
  }

  async function createPoolId(): Promise<string> {
    return (await idp.send(new CreateUserPoolCommand({ PoolName: 'social-refusals' }))).UserPool!
      .Id!
  }
})

/** The whole body of a request. */
function readAll(request: import('node:http').IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => resolve(body))
    request.on('error', reject)
  })
}

/**
 * panva's oidc-provider as a social provider's issuer: one client for Portcullis, its development
 * login pages (the login as typed is the subject, with an email made from it), code flow with
 * PKCE, form_post allowed. `extend` adds middleware before it listens.
 */
async function startOidcProvider(
  issuer: string,
  port: number,
  client: Record<string, unknown>,
  extend?: (provider: Provider) => void,
): Promise<UpstreamProvider & { server: Server }> {
  const provider = new Provider(issuer, {
    clients: [{ grant_types: ['authorization_code'], response_types: ['code'], ...client }],
    findAccount: async (_context: unknown, id: string) => ({
      accountId: id,
      claims: async () => ({
        sub: id,
        email: `${id}@example.com`,
        email_verified: true,
        name: `Name of ${id}`,
      }),
    }),
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], name: [] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
  })
  provider.proxy = false
  extend?.(provider)
  const server = createServer(provider.callback())
  // Every loopback address: the Apple issuer is named by localhost, which may resolve to ::1.
  await new Promise<void>((resolve) => server.listen(port, resolve))
  return {
    issuer,
    clientId: String(client.client_id),
    clientSecret: String(client.client_secret),
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
