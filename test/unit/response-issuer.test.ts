import { describe, expect, it } from 'vitest'
import {
  responseIssuerProblem,
  type UpstreamMetadata,
} from '../../src/userpool/federation/upstream-oidc'

const metadata = (supported?: boolean): UpstreamMetadata => ({
  issuer: 'https://idp.example',
  authorization_endpoint: 'https://idp.example/auth',
  token_endpoint: 'https://idp.example/token',
  jwks_uri: 'https://idp.example/jwks',
  ...(supported === undefined ? {} : { authorization_response_iss_parameter_supported: supported }),
})

describe('RFC 9207 iss in upstream authorization responses', () => {
  it("takes the provider's own issuer, compared exactly", () => {
    expect(responseIssuerProblem(metadata(true), 'https://idp.example')).toBeNull()
    expect(responseIssuerProblem(metadata(), 'https://idp.example')).toBeNull()
    expect(responseIssuerProblem(metadata(), 'https://idp.example/')).toMatch(/another issuer/)
    expect(responseIssuerProblem(metadata(), 'https://IDP.example')).toMatch(/another issuer/)
    expect(responseIssuerProblem(metadata(true), 'https://evil.example')).toMatch(/another/)
  })

  it('refuses a missing iss only from a provider that says it always sends one', () => {
    expect(responseIssuerProblem(metadata(true), undefined)).toMatch(/no iss/)
    expect(responseIssuerProblem(metadata(false), undefined)).toBeNull()
    expect(responseIssuerProblem(metadata(), undefined)).toBeNull()
  })
})
