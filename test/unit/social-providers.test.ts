import { exportPKCS8, generateKeyPair, jwtVerify, decodeProtectedHeader } from 'jose'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  createIdentityProvider,
  publicIdentityProvider,
  updateIdentityProvider,
} from '../../src/userpool/identity-providers/identity-providers'
import { appleClientSecret } from '../../src/userpool/identity-providers/social/apple-client-secret'
import { appleFirstSignInClaims } from '../../src/userpool/identity-providers/social/apple-user'
import { upstreamOf } from '../../src/userpool/identity-providers/upstreams'
import { testApp } from './support/app'
import { poolWithClient, testServices } from './support/user-pool'

afterEach(() => {
  vi.unstubAllGlobals()
})

const ENDPOINTS = {
  googleIssuer: 'https://google.test',
  appleIssuer: 'https://apple.test',
  facebookWebUrl: 'https://www.facebook.test',
  facebookGraphUrl: 'https://graph.facebook.test',
  amazonWebUrl: 'https://www.amazon.test',
  amazonApiUrl: 'https://api.amazon.test',
}

async function setup() {
  const { services } = testServices()
  services.socialEndpoints = ENDPOINTS
  const { pool } = await poolWithClient(services)
  return { services, pool }
}

describe('social identity-provider types', () => {
  it('completes the details from the configured endpoints and never answers a secret', async () => {
    const { services, pool } = await setup()
    const facebook = await createIdentityProvider(services, pool, {
      ProviderName: 'Facebook',
      ProviderType: 'Facebook',
      ProviderDetails: {
        client_id: 'app',
        client_secret: 'shh',
        authorize_scopes: 'public_profile, email',
        // Given endpoints are made again: a Facebook provider talks to Facebook only.
        token_url: 'https://attacker.example/token',
      },
    })
    expect(facebook.ProviderDetails).toMatchObject({
      client_secret: 'shh',
      api_version: 'v17.0',
      authorize_url: 'https://www.facebook.test/v17.0/dialog/oauth',
      token_url: 'https://graph.facebook.test/v17.0/oauth/access_token',
      attributes_url: 'https://graph.facebook.test/v17.0/me?fields=',
    })
    expect(publicIdentityProvider(facebook).ProviderDetails).not.toHaveProperty('client_secret')
    const updated = await updateIdentityProvider(services, pool, {
      ProviderName: 'Facebook',
      ProviderDetails: { api_version: 'v19.0' },
    })
    expect(updated.ProviderDetails.token_url).toBe(
      'https://graph.facebook.test/v19.0/oauth/access_token',
    )
    const { privateKey } = await generateKeyPair('ES256', { extractable: true })
    const apple = await createIdentityProvider(services, pool, {
      ProviderName: 'SignInWithApple',
      ProviderType: 'SignInWithApple',
      ProviderDetails: {
        client_id: 'com.example',
        team_id: 'TEAM',
        key_id: 'KID',
        // The key's body alone, as consoles paste it.
        private_key: (await exportPKCS8(privateKey)).replace(/-----[A-Z ]+-----|\n/g, ''),
        authorize_scopes: 'email name',
      },
    })
    expect(apple.ProviderDetails.oidc_issuer).toBe('https://apple.test')
    expect(apple.ProviderDetails.private_key).toMatch(/^-----BEGIN PRIVATE KEY-----\n/)
    expect(publicIdentityProvider(apple).ProviderDetails).not.toHaveProperty('private_key')
  })

  it('refuses what a type does not take, and a social provider under another name', async () => {
    const { services, pool } = await setup()
    const attempt = (
      ProviderName: string,
      ProviderType: string,
      ProviderDetails: Record<string, string>,
    ) => createIdentityProvider(services, pool, { ProviderName, ProviderType, ProviderDetails })
    const google = { client_id: 'c', client_secret: 's', authorize_scopes: 'openid email' }
    await expect(attempt('MyGoogle', 'Google', google)).rejects.toMatchObject({
      name: 'InvalidParameterException',
    })
    await expect(attempt('Google', 'Google', { ...google, client_secret: ' ' })).rejects.toThrow(
      /missing client_secret/,
    )
    await expect(attempt('Google', 'Google', { ...google, jwks_uri: 'x' })).rejects.toThrow(
      /no key jwks_uri/,
    )
    await expect(
      attempt('LoginWithAmazon', 'LoginWithAmazon', {
        ...google,
        authorize_scopes: 'profile email',
      }),
    ).rejects.toThrow(/email is not a scope/)
    await expect(
      attempt('SignInWithApple', 'SignInWithApple', {
        client_id: 'c',
        team_id: 't',
        key_id: 'k',
        private_key: 'MIIBAD',
        authorize_scopes: 'email',
      }),
    ).rejects.toThrow(/private_key/)
  })

  it('signs Apple’s client secret ES256, short-lived, from the team for the services id', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true })
    const now = Date.UTC(2026, 0, 1)
    const secret = await appleClientSecret(
      {
        team_id: 'TEAM',
        key_id: 'KID',
        client_id: 'com.example',
        private_key: await exportPKCS8(privateKey),
      },
      'https://appleid.apple.com',
      now,
    )
    expect(decodeProtectedHeader(secret)).toEqual({ alg: 'ES256', kid: 'KID' })
    const { payload } = await jwtVerify(secret, publicKey, {
      issuer: 'TEAM',
      subject: 'com.example',
      audience: 'https://appleid.apple.com',
      currentDate: new Date(now),
    })
    expect(payload.exp! - payload.iat!).toBe(300)
  })

  it('takes only a name from Apple’s user field, and nothing from anything else', () => {
    expect(
      appleFirstSignInClaims('{"name":{"firstName":"Ada","lastName":"Lovelace"},"email":"x@y"}'),
    ).toEqual({ firstName: 'Ada', lastName: 'Lovelace', name: 'Ada Lovelace' })
    expect(appleFirstSignInClaims('{"email":"x@y"}')).toEqual({})
    expect(appleFirstSignInClaims('not json')).toEqual({})
    expect(appleFirstSignInClaims('{"name":{"firstName":42}}')).toEqual({})
    expect(appleFirstSignInClaims(undefined)).toEqual({})
  })

  it('names a Facebook user by the Graph id, and refuses a profile without one', async () => {
    const { services, pool } = await setup()
    const provider = await createIdentityProvider(services, pool, {
      ProviderName: 'Facebook',
      ProviderType: 'Facebook',
      ProviderDetails: { client_id: 'app', client_secret: 'shh', authorize_scopes: 'email' },
      AttributeMapping: { email: 'email' },
    })
    let profile: Record<string, unknown> = { id: '42', email: 'f@example.com' }
    const asked: string[] = []
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      asked.push(url)
      if (init?.method === 'POST')
        return Response.json({ access_token: 'tok', token_type: 'bearer' })
      return Response.json(profile)
    })
    const upstream = await upstreamOf(provider, services.now())
    expect(upstream.openId).toBe(false)
    const input = {
      code: 'c',
      redirectUri: 'https://auth.test/oauth2/idpresponse',
      verifier: 'v',
      nonce: 'n',
      now: services.now(),
    }
    expect(await upstream.redeem(input)).toMatchObject({ sub: '42', email: 'f@example.com' })
    const me = new URL(asked.at(-1)!)
    expect(me.searchParams.get('fields')).toBe('id,email')
    expect(me.searchParams.get('appsecret_proof')).toMatch(/^[0-9a-f]{64}$/)
    profile = { email: 'f@example.com' }
    await expect(upstream.redeem(input)).rejects.toThrow(/names no user/)
  })
})

describe('social provider settings', () => {
  it('default to the providers themselves, follow the login settings, and refuse bad URLs', () => {
    expect(testApp().runtime.services.socialEndpoints).toEqual({
      googleIssuer: 'https://accounts.google.com',
      appleIssuer: 'https://appleid.apple.com',
      facebookWebUrl: 'https://www.facebook.com',
      facebookGraphUrl: 'https://graph.facebook.com',
      amazonWebUrl: 'https://www.amazon.com',
      amazonApiUrl: 'https://api.amazon.com',
    })
    // A Graph base with a version (for identity pools) loses it: providers carry api_version.
    expect(
      testApp({ LOGIN_FACEBOOK_GRAPH_URL: 'https://graph.example/v19.0' }).runtime.services
        .socialEndpoints?.facebookGraphUrl,
    ).toBe('https://graph.example')
    for (const [name, value] of [
      ['FEDERATION_FACEBOOK_WEB_URL', 'http://www.facebook.com'],
      ['FEDERATION_AMAZON_WEB_URL', 'https://10.0.0.1'],
    ] as const)
      expect(() => testApp({ [name]: value })).toThrow(new RegExp(name))
  })
})
