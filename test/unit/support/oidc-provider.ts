import {
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey as JoseKey,
  type JWK,
  type JWTPayload,
} from 'jose'
import type { Fetcher, ProviderMetadata } from '../../../src/oidc/discovery'
import { TokenRejected } from '../../../src/oidc/errors'

export const ISSUER = 'https://idp.example'
export const CLIENT = 'relying-party'
/** A fixed instant (seconds are whole), so skew edges are exact. */
export const NOW = Date.UTC(2030, 0, 1)
export const NOW_S = NOW / 1000

/** One request the provider saw. */
export interface Seen {
  url: string
  init: RequestInit | undefined
}

/** RSA generation is slow: one set of keys serves every provider of a test file. */
let generated: ReturnType<typeof generate> | undefined
async function generate() {
  const rsa = await generateKeyPair('RS256', { extractable: true })
  const ec = await generateKeyPair('ES256', { extractable: true })
  const published: JWK[] = [
    { ...(await exportJWK(rsa.publicKey)), kid: 'rsa', alg: 'RS256', use: 'sig' },
    { ...(await exportJWK(ec.publicKey)), kid: 'ec' },
  ]
  return { rsa, ec, published }
}

type Handler = (url: string, init: RequestInit | undefined) => Response | Promise<Response>

/**
 * An OpenID provider that lives in a function: its discovery document, JWKS, token, userinfo and
 * revocation endpoints answer through the fetcher it hands out, and every request is recorded.
 * Keys are generated here with jose: an RSA key (`rsa`, published with `alg`) and a P-256 key
 * (`ec`, published without `alg`, so only its type pins it).
 */
export async function testProvider(options: { document?: Record<string, unknown> } = {}) {
  generated ??= generate()
  const { rsa, ec, published } = await generated
  const keys: JWK[] = published.map((key) => ({ ...key }))
  const seen: Seen[] = []
  const document: Record<string, unknown> = {
    issuer: ISSUER,
    authorization_endpoint: `${ISSUER}/authorize`,
    token_endpoint: `${ISSUER}/token`,
    jwks_uri: `${ISSUER}/jwks`,
    userinfo_endpoint: `${ISSUER}/userinfo`,
    revocation_endpoint: `${ISSUER}/revoke`,
    authorization_response_iss_parameter_supported: true,
    ...options.document,
  }
  const routes: Record<string, Handler> = {
    '/.well-known/openid-configuration': () => Response.json(document),
    '/jwks': () => Response.json({ keys }),
    '/token': () => Response.json({ access_token: 'at', token_type: 'Bearer' }),
    '/userinfo': () => Response.json({ sub: 'alice', email: 'alice@example.com' }),
    '/revoke': () => new Response(null, { status: 200 }),
  }
  const fetcher: Fetcher = async (url, init) => {
    seen.push({ url, init })
    const handler = routes[new URL(url).pathname]
    return handler ? handler(url, init) : new Response('not found', { status: 404 })
  }
  const metadata: ProviderMetadata = {
    issuer: ISSUER,
    authorizationEndpoint: `${ISSUER}/authorize`,
    tokenEndpoint: `${ISSUER}/token`,
    jwksUri: `${ISSUER}/jwks`,
    userinfoEndpoint: `${ISSUER}/userinfo`,
    revocationEndpoint: `${ISSUER}/revoke`,
    issParameterSupported: true,
    fetch: fetcher,
  }

  /** A token signed with one of the provider's keys (RS256 with `rsa` unless told otherwise). */
  const sign = (
    claims: JWTPayload & Record<string, unknown>,
    header: { alg?: string; kid?: string; typ?: string; key?: JoseKey } = {},
  ) => {
    const alg = header.alg ?? 'RS256'
    const protectedHeader = {
      alg,
      ...(header.kid !== '' ? { kid: header.kid ?? 'rsa' } : {}),
      ...(header.typ ? { typ: header.typ } : {}),
    }
    return new SignJWT(claims)
      .setProtectedHeader(protectedHeader)
      .sign(header.key ?? (alg.startsWith('ES') ? ec.privateKey : rsa.privateKey))
  }

  /** The request paths seen so far, in order. */
  const paths = () => seen.map((request) => new URL(request.url).pathname)

  return { rsa, ec, keys, document, routes, fetcher, metadata, seen, paths, sign }
}

/** The claims of a good ID token for CLIENT, issued now and valid for an hour. */
export const idClaims = (extra: Record<string, unknown> = {}) => ({
  iss: ISSUER,
  sub: 'alice',
  aud: CLIENT,
  iat: NOW_S,
  exp: NOW_S + 3600,
  nonce: 'the-nonce',
  ...extra,
})

/** The reason a verification refused its token, or 'accepted'. */
export async function reasonOf(verification: Promise<unknown>): Promise<string> {
  try {
    await verification
    return 'accepted'
  } catch (error) {
    if (error instanceof TokenRejected) return error.reason
    throw error
  }
}
