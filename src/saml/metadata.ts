import { NS, allElements, attr, childElements, optionalChild, parseSamlXml, text } from './dom'
import { SamlRejected } from './rejected'
import type { XmlElement } from './vendor.js'

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata'
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect'

/** What Portcullis needs from an IdP's metadata document. */
export interface IdpMetadata {
  entityId: string
  /** Base64 DER signing certificates (KeyDescriptor use="signing" or without a use). */
  signingCertificates: string[]
  /** The SingleSignOnService location for the HTTP-Redirect binding. */
  ssoRedirectUrl: string
  /** The SingleLogoutService location for the HTTP-Redirect binding, when the IdP has one. */
  sloRedirectUrl?: string
  /** Whether the IdP asks for signed AuthnRequests. */
  wantsSignedRequests: boolean
}

function redirectLocation(descriptor: XmlElement, service: string): string | undefined {
  const endpoint = childElements(descriptor, MD, service).find(
    (element) => attr(element, 'Binding') === REDIRECT,
  )
  return endpoint ? (attr(endpoint, 'Location') ?? undefined) : undefined
}

function signingCertificates(descriptor: XmlElement): string[] {
  const certificates: string[] = []
  for (const key of childElements(descriptor, MD, 'KeyDescriptor')) {
    const use = attr(key, 'use')
    if (use !== null && use !== 'signing') continue
    const keyInfo = optionalChild(key, NS.dsig, 'KeyInfo')
    const x509 = keyInfo && optionalChild(keyInfo, NS.dsig, 'X509Data')
    for (const certificate of x509 ? childElements(x509, NS.dsig, 'X509Certificate') : [])
      certificates.push(text(certificate).replace(/\s+/g, ''))
  }
  return certificates
}

/**
 * Reads an IdP's SAML 2.0 metadata (an EntityDescriptor with one IDPSSODescriptor). Throws
 * SamlRejected with a message fit for an InvalidParameterException when something needed is
 * missing: the entityID, a signing certificate, or an HTTP-Redirect SingleSignOnService.
 */
export function parseIdpMetadata(xml: string): IdpMetadata {
  const doc = parseSamlXml(xml)
  const entity = doc.documentElement
  if (entity.namespaceURI !== MD || entity.localName !== 'EntityDescriptor')
    throw new SamlRejected('structure', 'the metadata is not a SAML 2.0 EntityDescriptor')
  const entityId = attr(entity, 'entityID') ?? ''
  if (entityId === '') throw new SamlRejected('structure', 'the metadata has no entityID')
  const descriptors = allElements(doc, MD, 'IDPSSODescriptor')
  if (descriptors.length !== 1)
    throw new SamlRejected('structure', 'the metadata must have exactly one IDPSSODescriptor')
  const descriptor = descriptors[0] as XmlElement
  const certificates = signingCertificates(descriptor)
  if (certificates.length === 0)
    throw new SamlRejected('structure', 'the metadata has no signing certificate')
  const ssoRedirectUrl = redirectLocation(descriptor, 'SingleSignOnService')
  if (ssoRedirectUrl === undefined)
    throw new SamlRejected(
      'structure',
      'the metadata has no SingleSignOnService with the HTTP-Redirect binding',
    )
  return {
    entityId,
    signingCertificates: certificates,
    ssoRedirectUrl,
    sloRedirectUrl: redirectLocation(descriptor, 'SingleLogoutService'),
    wantsSignedRequests: attr(descriptor, 'WantAuthnRequestsSigned') === 'true',
  }
}
