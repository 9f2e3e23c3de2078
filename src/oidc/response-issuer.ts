import type { ProviderMetadata } from './discovery'

/**
 * RFC 9207: why an authorization response cannot be from the provider the sign-in went to, or
 * null. An `iss` that is not the provider's issuer, compared exactly, means another server answered
 * (a mix-up: its code and our PKCE verifier would go to the wrong token endpoint); a missing one is
 * refused when the provider says it always sends it, so that an attacker cannot just leave it out.
 */
export function responseIssuerProblem(
  metadata: Pick<ProviderMetadata, 'issuer' | 'issParameterSupported'>,
  iss: string | undefined,
): string | null {
  if (iss !== undefined) return iss === metadata.issuer ? null : 'its iss names another issuer'
  return metadata.issParameterSupported ? 'it has no iss, which this provider always sends' : null
}
