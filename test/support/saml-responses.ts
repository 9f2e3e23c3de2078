import { IDP_CERT, IDP_KEY } from './saml-keys'
import { SignedXml } from './saml-vendor.js'

/** The simulated IdP's response fields; each test changes the one it attacks. */
export interface ResponseFields {
  responseId: string
  assertionId: string
  issuer: string
  destination: string
  recipient: string
  audience: string
  inResponseTo?: string
  nameId: string
  notBefore: string
  notOnOrAfter: string
  status: string
  attributes: Record<string, string>
}

export const ACS = 'http://127.0.0.1/saml2/idpresponse'
export const ENTITY = 'https://idp.example.test/metadata'
export const AUDIENCE = 'urn:amazon:cognito:sp:us-east-1_TEST'
export const NOW = Date.parse('2026-06-01T12:00:00Z')

export function fields(overrides: Partial<ResponseFields> = {}): ResponseFields {
  return {
    responseId: '_resp1',
    assertionId: '_assert1',
    issuer: ENTITY,
    destination: ACS,
    recipient: ACS,
    audience: AUDIENCE,
    inResponseTo: '_req1',
    nameId: 'alice@example.test',
    notBefore: '2026-06-01T11:59:00Z',
    notOnOrAfter: '2026-06-01T12:05:00Z',
    status: 'urn:oasis:names:tc:SAML:2.0:status:Success',
    attributes: { email: 'alice@example.test' },
    ...overrides,
  }
}

export function assertionXml(f: ResponseFields): string {
  const irt = f.inResponseTo === undefined ? '' : ` InResponseTo="${f.inResponseTo}"`
  const attributes = Object.entries(f.attributes)
    .map(
      ([name, value]) =>
        `<saml:Attribute Name="${name}"><saml:AttributeValue>${value}</saml:AttributeValue></saml:Attribute>`,
    )
    .join('')
  return (
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${f.assertionId}" Version="2.0" IssueInstant="${f.notBefore}">` +
    `<saml:Issuer>${f.issuer}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${f.nameId}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${f.notOnOrAfter}" Recipient="${f.recipient}"${irt}/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${f.notBefore}" NotOnOrAfter="${f.notOnOrAfter}"><saml:AudienceRestriction><saml:Audience>${f.audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${f.notBefore}" SessionIndex="_session1"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` +
    `</saml:Assertion>`
  )
}

export function responseXml(f: ResponseFields, assertion = assertionXml(f)): string {
  const irt = f.inResponseTo === undefined ? '' : ` InResponseTo="${f.inResponseTo}"`
  return (
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${f.responseId}" Version="2.0" IssueInstant="${f.notBefore}" Destination="${f.destination}"${irt}>` +
    `<saml:Issuer>${f.issuer}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${f.status}"/></samlp:Status>` +
    assertion +
    `</samlp:Response>`
  )
}

export interface SignOptions {
  key?: string
  cert?: string
  signatureAlgorithm?: string
  digestAlgorithm?: string
}

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256'
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256'
const EXC = 'http://www.w3.org/2001/10/xml-exc-c14n#'
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature'

/** Signs the element `target` (Response or Assertion) of `xml` with an enveloped signature after its Issuer. */
export function sign(
  xml: string,
  target: 'Response' | 'Assertion',
  options: SignOptions = {},
): string {
  const signer = new SignedXml({
    privateKey: options.key ?? IDP_KEY,
    publicCert: options.cert ?? IDP_CERT,
    signatureAlgorithm: options.signatureAlgorithm ?? RSA_SHA256,
    canonicalizationAlgorithm: EXC,
  })
  const path =
    target === 'Response' ? "/*[local-name(.)='Response']" : "//*[local-name(.)='Assertion']"
  signer.addReference({
    xpath: path,
    transforms: [ENVELOPED, EXC],
    digestAlgorithm: options.digestAlgorithm ?? SHA256,
  })
  signer.computeSignature(xml, {
    location: { reference: `${path}/*[local-name(.)='Issuer']`, action: 'after' },
  })
  return signer.getSignedXml()
}

/** A Response with a signed assertion inside a signed Response, the usual IdP output. */
export function signedResponse(
  overrides: Partial<ResponseFields> = {},
  options: SignOptions = {},
): string {
  return sign(sign(responseXml(fields(overrides)), 'Assertion', options), 'Response', options)
}
