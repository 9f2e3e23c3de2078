/**
 * The one XML writer: elements with text or child elements, nothing else (no attributes but a
 * root's `xmlns`, no comments, no CDATA). Every text is escaped here, so no caller builds markup by
 * hand. Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates) are dropped
 * rather than written as references a parser would refuse.
 */

/** An element: its name and its text, or its children in order. */
export interface XmlElement {
  name: string
  content: string | XmlElement[]
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
}

/** Whether XML 1.0 can carry a code point (Char in its grammar). */
const isXmlChar = (code: number): boolean =>
  code === 0x9 ||
  code === 0xa ||
  code === 0xd ||
  (code >= 0x20 && code <= 0xd7ff) ||
  (code >= 0xe000 && code <= 0xfffd) ||
  code >= 0x10000

/** Text as it may stand between tags or inside a quoted attribute. */
export function escapeXml(text: string): string {
  let out = ''
  // Iterating a string yields code points; a lone surrogate comes through on its own and is dropped.
  for (const char of text) {
    if (!isXmlChar(char.codePointAt(0)!)) continue
    out += ENTITIES[char] ?? char
  }
  return out
}

/** Names are ours (from the service model), never a caller's; refuse anything else loudly. */
const NAME = /^[A-Za-z_][\w.-]*$/

function write(element: XmlElement): string {
  if (!NAME.test(element.name)) throw new Error(`not an XML element name: ${element.name}`)
  const inner =
    typeof element.content === 'string'
      ? escapeXml(element.content)
      : element.content.map(write).join('')
  return `<${element.name}>${inner}</${element.name}>`
}

/** A whole document: the declaration, then `root` with its namespace, if any. */
export function xmlDocument(root: XmlElement, namespace?: string): string {
  const body = write(root)
  const open = `<${root.name}>`
  const withNamespace =
    namespace === undefined
      ? body
      : `<${root.name} xmlns="${escapeXml(namespace)}">${body.slice(open.length)}`
  return `<?xml version="1.0" encoding="UTF-8"?>\n${withNamespace}`
}

/** Shorthand for an element. */
export const el = (name: string, content: string | XmlElement[]): XmlElement => ({ name, content })
