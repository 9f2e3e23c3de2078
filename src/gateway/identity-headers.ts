import type { Identity } from './authorizer'
import type { RouteConfig } from './config'
import { groupsOf } from './policy'
import type { GatewaySigner } from './signer'
import { BoundedCache } from '../storage/bounded-cache'

/** Claims that go into `x-amzn-oidc-data` (what ALB puts there from userInfo). */
const DATA_CLAIMS = [
  'sub',
  'username',
  'cognito:username',
  'email',
  'email_verified',
  'name',
  'cognito:groups',
  'phone_number',
]

/**
 * Signed `x-amzn-oidc-data` values by exact header and claims, until they expire: a caller that
 * keeps presenting the same token gets the same header without another ECDSA signature. Bounded;
 * the least recently used entry goes first.
 */
const signedData = new BoundedCache<string, { value: string; exp: number }>(1024)

async function signData(
  signer: GatewaySigner,
  header: Record<string, unknown>,
  data: Record<string, unknown>,
  exp: number,
  nowSeconds: number,
): Promise<string> {
  const key = `${signer.kid}\n${JSON.stringify(header)}\n${JSON.stringify(data)}`
  const hit = signedData.get(key)
  if (hit && hit.exp > nowSeconds) return hit.value
  const value = await signer.sign(header, data)
  signedData.set(key, { value, exp })
  return value
}

/**
 * ALB `authenticate-oidc` compatible headers: `x-amzn-oidc-identity` (sub),
 * `x-amzn-oidc-accesstoken`, and `x-amzn-oidc-data`, an ES256 JWT with `signer`, `kid`, `iss`,
 * `client` and `exp` in its header, verifiable with the key at /_gateway/keys/{kid}; plus the
 * route's plain headers (claim → header) and x-portcullis-groups.
 */
export async function identityHeaders(
  identity: Identity,
  route: RouteConfig,
  signer: GatewaySigner,
  issuer: string,
  signerName: string,
): Promise<Record<string, string>> {
  const claims = identity.claims
  const nowSeconds = Math.floor(Date.now() / 1000)
  const exp = typeof claims.exp === 'number' ? claims.exp : nowSeconds + 60
  const clientId = String(claims.client_id ?? claims.aud ?? '')
  const data: Record<string, unknown> = { exp, iss: issuer }
  for (const name of DATA_CLAIMS) if (claims[name] !== undefined) data[name] = claims[name]
  const headers: Record<string, string> = {
    'x-amzn-oidc-identity': String(claims.sub ?? ''),
    'x-amzn-oidc-accesstoken': identity.token,
    'x-amzn-oidc-data': await signData(
      signer,
      { typ: 'JWT', signer: signerName, iss: issuer, client: clientId, exp },
      data,
      exp,
      nowSeconds,
    ),
    'x-portcullis-groups': groupsOf(identity).join(','),
  }
  for (const [claim, header] of Object.entries(route.headers ?? {})) {
    const value = claims[claim]
    if (value !== undefined)
      headers[header.toLowerCase()] = Array.isArray(value) ? value.join(',') : String(value)
  }
  return headers
}
