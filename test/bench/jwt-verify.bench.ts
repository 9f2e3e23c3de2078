import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { bench, describe } from 'vitest'
import { verifyBearer } from '../../src/gateway/authorizer'
import { JwksCache } from '../../src/oidc/jwks'

// The gateway's bearer check (header parse, cached key, signature, iss/aud/exp/token_use) against a
// bare WebCrypto RS256 verify of the same token.
const { publicKey, privateKey } = await generateKeyPair('RS256')
const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }
const issuer = 'https://idp.example/us-east-1_bench'
const token = await new SignJWT({
  token_use: 'access',
  client_id: 'client',
  scope: 'openid',
  username: 'u',
})
  .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
  .setIssuer(issuer)
  .setSubject('s')
  .setIssuedAt()
  .setExpirationTime('1h')
  .sign(privateKey)
const provider = {
  issuer,
  clientIds: ['client'],
  tokenUse: ['access' as const],
  clockSkewSeconds: 60,
  scopes: ['openid'],
}
const jwks = new JwksCache()
const endpoints = {
  issuer,
  jwksUri: `${issuer}/.well-known/jwks.json`,
  fetch: async () => Response.json({ keys: [jwk] }),
}
await verifyBearer(token, provider, endpoints, jwks, Date.now())
const [header, payload, signature] = token.split('.')
const data = new TextEncoder().encode(`${header}.${payload}`)
const sig = Uint8Array.from(atob(signature!.replace(/-/g, '+').replace(/_/g, '/')), (c) =>
  c.charCodeAt(0),
)

describe('JWT verification', () => {
  bench('gateway verifyBearer (full checks, cached key)', async () => {
    await verifyBearer(token, provider, endpoints, jwks, Date.now())
  })
  bench('bare crypto.subtle.verify (RS256)', async () => {
    await crypto.subtle.verify('RSASSA-PKCS1-v1_5', publicKey as CryptoKey, sig, data)
  })
})
