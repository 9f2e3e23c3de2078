import {
  NS,
  attr,
  allElements,
  childElements,
  onlyChild,
  optionalChild,
  parseSamlXml,
  text,
} from './dom'
import type { XmlDocument, XmlElement } from './vendor.js'
import { SamlRejected } from './rejected'
import { type SignaturePolicy, verifyEnvelopedSignature } from './signature'

const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success'
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer'

/** What a Response must match to be accepted for one sign-in. */
export interface ResponsePolicy extends SignaturePolicy {
  /** The entityID from the IdP's metadata. */
  idpEntityId: string
  /** This pool's assertion consumer service URL (`…/saml2/idpresponse`). */
  acsUrl: string
  /** `urn:amazon:cognito:sp:{poolId}`. */
  audience: string
  /** The id of the AuthnRequest this browser sent, from its sealed state; absent for IdP-initiated. */
  requestId?: string
  /** Whether an unsolicited (IdP-initiated) response may be accepted when `requestId` is absent. */
  allowIdpInitiated: boolean
  /** Injected clock, epoch ms. */
  now: number
  /** Allowed clock difference with the IdP, ms. */
  skewMs: number
}

/** What a verified assertion says, read only from signed bytes. */
export interface VerifiedAssertion {
  assertionId: string
  issuer: string
  nameId: string
  nameIdFormat?: string
  sessionIndex?: string
  /** SAML attribute name to its values. */
  attributes: Record<string, string[]>
  /** When the assertion stops being usable: remember its id against replay until then. */
  expiresAt: number
}

function time(value: string | null, what: string): number | undefined {
  if (value === null) return undefined
  const parsed = Date.parse(value)
  if (Number.isNaN(parsed)) throw new SamlRejected('time', `${what} is not a time`)
  return parsed
}

/** Every ID-like attribute must be unique in the document, so a Reference names one element. */
function checkUniqueIds(doc: XmlDocument): void {
  const seen = new Set<string>()
  for (const element of Array.from(
    doc.getElementsByTagName('*') as unknown as ArrayLike<XmlElement>,
  )) {
    for (const name of ['ID', 'Id', 'id']) {
      const value = attr(element, name)
      if (value === null || value === '') continue
      if (seen.has(value)) throw new SamlRejected('duplicate-id', `duplicate ID ${value}`)
      seen.add(value)
    }
  }
}

/** The signed element to read the assertion from: the signed Response's, or the signed Assertion. */
function signedAssertion(xml: string, response: XmlElement, policy: ResponsePolicy): XmlElement {
  const assertion = onlyChild(response, NS.assertion, 'Assertion')
  const responseSigned = optionalChild(response, NS.dsig, 'Signature') !== null
  const assertionSigned = optionalChild(assertion, NS.dsig, 'Signature') !== null
  if (!responseSigned && !assertionSigned) throw new SamlRejected('signature', 'nothing is signed')
  let result = assertion
  if (responseSigned) {
    const signedResponse = verifyEnvelopedSignature(xml, response, policy)
    result = onlyChild(signedResponse, NS.assertion, 'Assertion')
  }
  if (assertionSigned) result = verifyEnvelopedSignature(xml, assertion, policy)
  return result
}

function checkTimes(
  notBefore: number | undefined,
  notOnOrAfter: number | undefined,
  p: ResponsePolicy,
): void {
  if (notBefore !== undefined && p.now + p.skewMs < notBefore)
    throw new SamlRejected('time', 'assertion is not valid yet')
  if (notOnOrAfter !== undefined && p.now - p.skewMs >= notOnOrAfter)
    throw new SamlRejected('time', 'assertion has expired')
}

function checkInResponseTo(value: string | null, policy: ResponsePolicy): void {
  if (policy.requestId !== undefined) {
    if (value !== policy.requestId)
      throw new SamlRejected('in-response-to', 'the response answers another request')
  } else if (value !== null || !policy.allowIdpInitiated) {
    throw new SamlRejected('in-response-to', 'unsolicited responses are not accepted')
  }
}

/** Subject: NameID and a bearer confirmation for this ACS, in time, answering this request. */
function readSubject(
  assertion: XmlElement,
  policy: ResponsePolicy,
): { nameId: XmlElement; expiresAt: number } {
  const subject = onlyChild(assertion, NS.assertion, 'Subject')
  const nameId = onlyChild(subject, NS.assertion, 'NameID')
  const confirmation = childElements(subject, NS.assertion, 'SubjectConfirmation').find(
    (element) => attr(element, 'Method') === BEARER,
  )
  if (confirmation === undefined)
    throw new SamlRejected('structure', 'no bearer SubjectConfirmation')
  const data = onlyChild(confirmation, NS.assertion, 'SubjectConfirmationData')
  if (attr(data, 'Recipient') !== policy.acsUrl)
    throw new SamlRejected('recipient', 'the assertion is for another recipient')
  const notOnOrAfter = time(attr(data, 'NotOnOrAfter'), 'SubjectConfirmationData NotOnOrAfter')
  if (notOnOrAfter === undefined)
    throw new SamlRejected('time', 'bearer confirmation has no NotOnOrAfter')
  checkTimes(time(attr(data, 'NotBefore'), 'NotBefore'), notOnOrAfter, policy)
  checkInResponseTo(attr(data, 'InResponseTo'), policy)
  return { nameId, expiresAt: notOnOrAfter }
}

/** Conditions: time window and an audience restriction naming this pool in every restriction. */
function checkConditions(assertion: XmlElement, policy: ResponsePolicy): number | undefined {
  const conditions = onlyChild(assertion, NS.assertion, 'Conditions')
  const restrictions = childElements(conditions, NS.assertion, 'AudienceRestriction')
  if (restrictions.length === 0) throw new SamlRejected('audience', 'no AudienceRestriction')
  for (const restriction of restrictions) {
    const audiences = childElements(restriction, NS.assertion, 'Audience').map(text)
    if (!audiences.includes(policy.audience)) throw new SamlRejected('audience', 'wrong audience')
  }
  const notOnOrAfter = time(attr(conditions, 'NotOnOrAfter'), 'Conditions NotOnOrAfter')
  checkTimes(time(attr(conditions, 'NotBefore'), 'Conditions NotBefore'), notOnOrAfter, policy)
  return notOnOrAfter
}

function readAttributes(assertion: XmlElement): Record<string, string[]> {
  const attributes: Record<string, string[]> = {}
  for (const statement of childElements(assertion, NS.assertion, 'AttributeStatement')) {
    for (const attribute of childElements(statement, NS.assertion, 'Attribute')) {
      const name = attr(attribute, 'Name') ?? ''
      if (name === '') continue
      const values = childElements(attribute, NS.assertion, 'AttributeValue').map(text)
      attributes[name] = [...(attributes[name] ?? []), ...values]
    }
  }
  return attributes
}

/**
 * Verifies a decoded SAMLResponse (HTTP-POST binding) and returns what its assertion says. Pure:
 * the caller supplies the IdP's metadata, the sealed request id and the clock, and remembers the
 * assertion id against replay (see `rememberAssertion`). Every rule that fails throws SamlRejected.
 */
export function verifySamlResponse(xml: string, policy: ResponsePolicy): VerifiedAssertion {
  const doc = parseSamlXml(xml)
  const response = doc.documentElement
  if (response.namespaceURI !== NS.protocol || response.localName !== 'Response')
    throw new SamlRejected('structure', 'not a SAML Response')
  if (allElements(doc, NS.protocol, 'Response').length !== 1)
    throw new SamlRejected('structure', 'expected exactly one Response')
  if (allElements(doc, NS.assertion, 'EncryptedAssertion').length > 0)
    throw new SamlRejected('structure', 'encrypted assertions are not accepted')
  if (allElements(doc, NS.assertion, 'Assertion').length !== 1)
    throw new SamlRejected('structure', 'expected exactly one Assertion')
  checkUniqueIds(doc)
  const assertion = signedAssertion(xml, response, policy)

  const status = onlyChild(onlyChild(response, NS.protocol, 'Status'), NS.protocol, 'StatusCode')
  if (attr(status, 'Value') !== SUCCESS) throw new SamlRejected('status', 'the IdP did not succeed')
  const responseIssuer = optionalChild(response, NS.assertion, 'Issuer')
  if (responseIssuer !== null && text(responseIssuer) !== policy.idpEntityId)
    throw new SamlRejected('issuer', 'the response is from another issuer')
  if (attr(response, 'Destination') !== policy.acsUrl)
    throw new SamlRejected('destination', 'the response is for another destination')
  const responseInResponseTo = attr(response, 'InResponseTo')
  if (responseInResponseTo !== null || policy.requestId !== undefined)
    checkInResponseTo(responseInResponseTo, policy)

  const issuer = text(onlyChild(assertion, NS.assertion, 'Issuer'))
  if (issuer !== policy.idpEntityId)
    throw new SamlRejected('issuer', 'the assertion is from another issuer')
  const { nameId, expiresAt } = readSubject(assertion, policy)
  const conditionsEnd = checkConditions(assertion, policy)
  const authn = optionalChild(assertion, NS.assertion, 'AuthnStatement')
  const assertionId = attr(assertion, 'ID') ?? ''
  if (text(nameId) === '' || assertionId === '')
    throw new SamlRejected('structure', 'empty NameID or ID')
  return {
    assertionId,
    issuer,
    nameId: text(nameId),
    nameIdFormat: attr(nameId, 'Format') ?? undefined,
    sessionIndex: (authn && attr(authn, 'SessionIndex')) ?? undefined,
    attributes: readAttributes(assertion),
    expiresAt: Math.max(expiresAt, conditionsEnd ?? expiresAt) + policy.skewMs,
  }
}
