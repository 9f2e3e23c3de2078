import { describe, expect, it } from 'vitest'
import { verifySamlResponse } from '../../src/saml/verify-response'
import { IDP_CERT } from '../support/saml-keys'
import { ACS, AUDIENCE, ENTITY, NOW, signedResponse } from '../support/saml-responses'

// xml-crypto and @xmldom/xmldom under workerd with nodejs_compat: signing (node:crypto createSign)
// and verification (createVerify, createHash, exclusive c14n) both run in the Workers runtime.
describe('SAML verification in workerd', () => {
  it('signs with xml-crypto and verifies a signed response and assertion', () => {
    const verified = verifySamlResponse(signedResponse(), {
      certificates: [IDP_CERT],
      allowSha1: false,
      idpEntityId: ENTITY,
      acsUrl: ACS,
      audience: AUDIENCE,
      requestId: '_req1',
      allowIdpInitiated: false,
      now: NOW,
      skewMs: 60_000,
    })
    expect(verified.nameId).toBe('alice@example.test')
    expect(verified.attributes).toEqual({ email: ['alice@example.test'] })
  })
})
