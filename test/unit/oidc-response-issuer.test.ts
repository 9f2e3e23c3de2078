import { describe, expect, it } from 'vitest'
import { responseIssuerProblem } from '../../src/oidc/response-issuer'

const metadata = (supported?: boolean) => ({
  issuer: 'https://idp.example',
  issParameterSupported: supported === true,
})

describe('RFC 9207 iss in authorization responses', () => {
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
