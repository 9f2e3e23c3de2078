import { SignedXml, type XmlElement } from './vendor.js'
import { NS, attr, childElements, onlyChild, optionalChild, parseSamlXml } from './dom'
import { SamlRejected } from './rejected'

const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#'
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature'
const STRONG_SIGNATURES = new Set([
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
])
const STRONG_DIGESTS = new Set([
  'http://www.w3.org/2001/04/xmlenc#sha256',
  'http://www.w3.org/2001/04/xmlenc#sha512',
])
const SHA1_SIGNATURE = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1'
const SHA1_DIGEST = 'http://www.w3.org/2000/09/xmldsig#sha1'

/** What a signature may use and who may have made it. */
export interface SignaturePolicy {
  /** The IdP's signing certificates from its metadata (base64 DER or PEM). Never KeyInfo's. */
  certificates: readonly string[]
  /** rsa-sha1 and sha1 digests, only when the provider is configured to allow them. */
  allowSha1: boolean
}

/** Base64 DER (as metadata carries it) or PEM, as PEM. */
function toPem(certificate: string): string {
  if (certificate.includes('-----BEGIN')) return certificate
  const body = certificate.replace(/\s+/g, '')
  const lines = body.match(/.{1,64}/g) ?? []
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`
}

function algorithmOf(element: XmlElement): string {
  return attr(element, 'Algorithm') ?? ''
}

/**
 * Checks the shape of a ds:Signature before any cryptography: exclusive c14n, an allowed
 * signature method, exactly one Reference, whose URI names `signedId`, with only the enveloped
 * and exclusive-c14n transforms and an allowed digest. Anything else is a refusal, so a signature
 * over some other element (signature wrapping) or with a weak or exotic algorithm never counts.
 */
function checkSignatureShape(
  signature: XmlElement,
  signedId: string,
  policy: SignaturePolicy,
): void {
  const signedInfo = onlyChild(signature, NS.dsig, 'SignedInfo')
  if (algorithmOf(onlyChild(signedInfo, NS.dsig, 'CanonicalizationMethod')) !== EXC_C14N)
    throw new SamlRejected('algorithm', 'canonicalization must be exclusive c14n')
  const method = algorithmOf(onlyChild(signedInfo, NS.dsig, 'SignatureMethod'))
  if (!STRONG_SIGNATURES.has(method) && !(policy.allowSha1 && method === SHA1_SIGNATURE))
    throw new SamlRejected('algorithm', `signature algorithm not allowed: ${method}`)
  const references = childElements(signedInfo, NS.dsig, 'Reference')
  if (references.length !== 1)
    throw new SamlRejected('signature', 'a signature must have exactly one Reference')
  const reference = references[0] as XmlElement
  if (attr(reference, 'URI') !== `#${signedId}`)
    throw new SamlRejected(
      'signature',
      'the signature does not cover the element it is attached to',
    )
  const transforms = optionalChild(reference, NS.dsig, 'Transforms')
  for (const transform of transforms ? childElements(transforms, NS.dsig, 'Transform') : []) {
    const algorithm = algorithmOf(transform)
    if (algorithm !== ENVELOPED && algorithm !== EXC_C14N)
      throw new SamlRejected('algorithm', `transform not allowed: ${algorithm}`)
  }
  const digest = algorithmOf(onlyChild(reference, NS.dsig, 'DigestMethod'))
  if (!STRONG_DIGESTS.has(digest) && !(policy.allowSha1 && digest === SHA1_DIGEST))
    throw new SamlRejected('algorithm', `digest algorithm not allowed: ${digest}`)
}

/**
 * Verifies the enveloped signature of `signed` (a Response or an Assertion whose ID the caller has
 * checked is unique in the document) against the IdP's metadata certificates, and returns the
 * signed element re-read from the bytes the signature covers: the caller reads only that, never
 * the original nodes.
 */
export function verifyEnvelopedSignature(
  xml: string,
  signed: XmlElement,
  policy: SignaturePolicy,
): XmlElement {
  const signature = onlyChild(signed, NS.dsig, 'Signature')
  const id = attr(signed, 'ID') ?? ''
  if (id === '') throw new SamlRejected('structure', `${signed.localName} has no ID`)
  checkSignatureShape(signature, id, policy)
  let failure = 'no certificate in the IdP metadata'
  for (const certificate of policy.certificates) {
    // getCertFromKeyInfo returns nothing: a certificate the message brings proves nothing.
    const verifier = new SignedXml({
      publicCert: toPem(certificate),
      getCertFromKeyInfo: () => null,
    })
    try {
      verifier.loadSignature(signature)
      if (!verifier.checkSignature(xml)) continue
      const references = verifier.getSignedReferences()
      if (references.length !== 1)
        throw new SamlRejected('signature', 'expected one signed reference')
      const element = parseSamlXml(references[0] as string).documentElement
      if (
        element.namespaceURI !== signed.namespaceURI ||
        element.localName !== signed.localName ||
        attr(element, 'ID') !== id
      )
        throw new SamlRejected('signature', 'the signed bytes are not the element read')
      return element
    } catch (error) {
      if (error instanceof SamlRejected) throw error
      failure = error instanceof Error ? error.message : String(error)
    }
  }
  throw new SamlRejected('signature', `signature does not verify: ${failure}`)
}
