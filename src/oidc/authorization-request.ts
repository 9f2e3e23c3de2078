import { toBase64Url } from '../crypto/encoding'
import { sha256 } from '../crypto/hash'
import { randomToken } from '../crypto/random'
import type { ProviderMetadata } from './discovery'

/** The secrets of one sign-in round trip: kept by the relying party, never by the browser alone. */
export interface FlowSecrets {
  state: string
  nonce: string
  /** The PKCE code verifier (43 characters); only its S256 challenge leaves with the browser. */
  verifier: string
}

/** Fresh state, nonce and PKCE verifier, 256 bits each. */
export const newFlowSecrets = (): FlowSecrets => ({
  state: randomToken(32),
  nonce: randomToken(32),
  verifier: randomToken(32),
})

/**
 * The provider's authorization URL for the code flow: client, redirect URI, scope, `state`,
 * `nonce` (OpenID providers; plain OAuth 2.0 ones have none), the PKCE S256 challenge of
 * `verifier`, and a `response_mode` where the provider must answer otherwise than in the query
 * (`form_post`). A query the endpoint already has is kept.
 */
export async function authorizationUrl(
  metadata: Pick<ProviderMetadata, 'authorizationEndpoint'>,
  request: {
    clientId: string
    redirectUri: string
    scope: string
    state: string
    nonce?: string
    verifier: string
    responseMode?: 'form_post'
  },
): Promise<string> {
  const url = new URL(metadata.authorizationEndpoint)
  const parameters = {
    client_id: request.clientId,
    response_type: 'code',
    redirect_uri: request.redirectUri,
    scope: request.scope,
    state: request.state,
    ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
    code_challenge: toBase64Url(await sha256(request.verifier)),
    code_challenge_method: 'S256',
    ...(request.responseMode ? { response_mode: request.responseMode } : {}),
  }
  for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value)
  return url.toString()
}
