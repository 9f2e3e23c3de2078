/** The parser's error callbacks; each receives the message. */
interface ParserOptions {
  locator?: object
  errorHandler?: {
    warning?: (message: string) => void
    error?: (message: string) => void
    fatalError?: (message: string) => void
  }
}

/** @xmldom/xmldom's DOMParser, as far as Portcullis uses it. */
export declare class DOMParser {
  constructor(options?: ParserOptions)
  parseFromString(xml: string, mimeType: string): XmlDocument
}

/** The DOM shapes read here (xmldom implements the W3C interfaces). */
export interface XmlNode {
  readonly nodeType: number
  readonly firstChild: XmlNode | null
  readonly nextSibling: XmlNode | null
  readonly textContent: string | null
}
export interface XmlElement extends XmlNode {
  readonly namespaceURI: string | null
  readonly localName: string
  getAttribute(name: string): string | null
  hasAttribute(name: string): boolean
  getElementsByTagNameNS(ns: string, localName: string): ArrayLike<XmlElement>
  getElementsByTagName(name: string): ArrayLike<XmlElement>
}
export interface XmlDocument extends XmlElement {
  readonly doctype: XmlNode | null
  readonly documentElement: XmlElement | null
}

/** xml-crypto's SignedXml, verification only. */
export declare class SignedXml {
  constructor(options: { publicCert: string; getCertFromKeyInfo: () => string | null })
  loadSignature(signature: XmlElement): void
  checkSignature(xml: string): boolean
  getSignedReferences(): string[]
}
