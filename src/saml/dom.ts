import { DOMParser, type XmlDocument, type XmlElement } from './vendor.js'
import { SamlRejected } from './rejected'

/** SAML 2.0 namespaces the verifier reads. */
export const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
} as const

/**
 * Parses a SAML message. A document type declaration is refused outright, before and after
 * parsing: SAML never needs one, and entities are how XML bombs and external-entity reads work.
 * Parser warnings and errors are refusals too, so a malformed message cannot be half-read.
 */
/** A parsed document whose root element is known to exist. */
export type ParsedXml = XmlDocument & { readonly documentElement: XmlElement }

export function parseSamlXml(xml: string): ParsedXml {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml))
    throw new SamlRejected('doctype', 'document type declarations are refused')
  const problems: string[] = []
  const record = (message: string): void => {
    problems.push(message)
  }
  const doc = new DOMParser({
    locator: {},
    errorHandler: { warning: record, error: record, fatalError: record },
  }).parseFromString(xml, 'text/xml') as unknown as XmlDocument
  if (problems.length > 0) throw new SamlRejected('malformed', `malformed XML: ${problems[0]}`)
  if (doc.doctype !== null || doc.documentElement === null)
    throw new SamlRejected('doctype', 'document type declarations are refused')
  return doc as ParsedXml
}

/** The child elements of `parent` with this namespace and local name, in order. */
export function childElements(parent: XmlElement, ns: string, localName: string): XmlElement[] {
  const found: XmlElement[] = []
  for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === 1) {
      const element = node as XmlElement
      if (element.namespaceURI === ns && element.localName === localName) found.push(element)
    }
  }
  return found
}

/** The one child element of that name, or a refusal naming it when there are none or several. */
export function onlyChild(parent: XmlElement, ns: string, localName: string): XmlElement {
  const found = childElements(parent, ns, localName)
  if (found.length !== 1)
    throw new SamlRejected('structure', `expected exactly one ${localName} in ${parent.localName}`)
  return found[0] as XmlElement
}

/** The optional child element of that name; several are a refusal. */
export function optionalChild(
  parent: XmlElement,
  ns: string,
  localName: string,
): XmlElement | null {
  const found = childElements(parent, ns, localName)
  if (found.length > 1)
    throw new SamlRejected('structure', `more than one ${localName} in ${parent.localName}`)
  return found[0] ?? null
}

/** Every element of the document with this namespace and local name, at any depth. */
export function allElements(doc: XmlDocument, ns: string, localName: string): XmlElement[] {
  return Array.from(doc.getElementsByTagNameNS(ns, localName) as unknown as ArrayLike<XmlElement>)
}

/** An element's text content, trimmed. */
export function text(element: XmlElement): string {
  return (element.textContent ?? '').trim()
}

/**
 * An attribute's value, or null when absent (xmldom's getAttribute returns '' for a missing
 * attribute, which must not pass for a present, empty one).
 */
export function attr(element: XmlElement, name: string): string | null {
  return element.hasAttribute(name) ? element.getAttribute(name) : null
}
