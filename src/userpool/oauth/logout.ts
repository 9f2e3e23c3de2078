import { decodeJwt, importJWK, jwtVerify } from 'jose'
import { ResourceNotFoundException } from '../../errors/cognito'
import { InvalidRequest } from '../../errors/oauth'
import { resolveClient, type ResolvedClient } from '../clients/client-auth'
import type { UserPoolClientConfig, UserPoolConfig } from '../model'
import { requireSigningKeys } from '../store/pool-repository'
import type { UserPoolServices } from '../services'

export interface LogoutTarget {
  pool: UserPoolConfig
  client: UserPoolClientConfig
  /** Where to send the browser afterwards (a registered LogoutURL), if anywhere. */
  redirect?: string
}

/**
 * Works out who is logging out and where to go next, for both Cognito's form
 * (`client_id` + `logout_uri`) and OIDC RP-initiated logout (`id_token_hint`,
 * `post_logout_redirect_uri`, `state`). Redirects only to URLs registered as LogoutURLs.
 */
export async function resolveLogout(
  services: UserPoolServices,
  params: Record<string, string | undefined>,
  issuerFor: (poolId: string) => string,
): Promise<LogoutTarget> {
  let clientId = params.client_id
  if (params.id_token_hint) {
    const hinted = await verifyIdTokenHint(services, params.id_token_hint, issuerFor)
    if (clientId && clientId !== hinted)
      throw new InvalidRequest('client_id does not match id_token_hint')
    clientId = hinted
  }
  if (!clientId) throw new InvalidRequest('client_id or id_token_hint is required')
  let resolved: ResolvedClient
  try {
    resolved = await resolveClient(services, clientId)
  } catch (error) {
    if (error instanceof ResourceNotFoundException) throw new InvalidRequest('Unknown client')
    throw error
  }
  const wanted = params.post_logout_redirect_uri ?? params.logout_uri
  if (wanted === undefined) return resolved
  if (!(resolved.client.LogoutURLs ?? []).includes(wanted))
    throw new InvalidRequest('The logout redirect is not registered for this client')
  const url = new URL(wanted)
  if (params.post_logout_redirect_uri !== undefined && params.state !== undefined)
    url.searchParams.set('state', params.state)
  return { ...resolved, redirect: url.toString() }
}

/** An ID token we signed (expiry not enforced, as OIDC allows); returns its audience. */
async function verifyIdTokenHint(
  services: UserPoolServices,
  token: string,
  issuerFor: (poolId: string) => string,
): Promise<string> {
  try {
    const iss = String(decodeJwt(token).iss ?? '')
    const poolId = /\/([\w-]+_[0-9a-zA-Z]+)$/.exec(iss)?.[1]
    if (!poolId) throw new Error('issuer')
    const keys = await requireSigningKeys(services, poolId)
    const { payload } = await jwtVerify(
      token,
      async (header) => {
        const key = [keys.active, keys.next].find((k) => k.kid === header.kid)
        if (!key || header.alg !== 'RS256') throw new Error('kid')
        return importJWK(key.publicJwk, 'RS256')
      },
      { issuer: issuerFor(poolId), algorithms: ['RS256'], clockTolerance: 10 * 365 * 86400 },
    )
    if (payload.token_use !== 'id' || typeof payload.aud !== 'string')
      throw new Error('not an id token')
    return payload.aud
  } catch {
    throw new InvalidRequest('id_token_hint is not a valid ID token of this provider')
  }
}
