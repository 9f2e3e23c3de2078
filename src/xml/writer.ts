/**
 * The one XML writer (S3's REST-XML and the query protocol's XML): elements built from names the code chooses and text
 * that is always escaped, so no value can open an element of its own.
 */
export interface Xml {
  readonly xml: string
}

type Content = string | number | boolean | Xml | ReadonlyArray<Xml | undefined> | undefined

const NAME = /^[A-Za-z_][\w.-]*$/

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

/**
 * Text as it may stand between tags or inside a quoted attribute; characters XML 1.0 cannot
 * carry at all (most C0 controls, lone surrogates) are dropped rather than written as references a
 * parser would refuse.
 */
export function escapeXml(text: string): string {
  let out = ''
  // Iterating a string yields code points; a lone surrogate comes through on its own and is dropped.
  for (const char of text) {
    if (!isXmlChar(char.codePointAt(0)!)) continue
    out += ENTITIES[char] ?? char
  }
  return out
}

/** `<name attr="…">content</name>`; undefined content (or an undefined child) is left out. */
export function element(
  name: string,
  content?: Content,
  attributes: Record<string, string> = {},
): Xml {
  if (!NAME.test(name)) throw new TypeError(`not an XML name: ${name}`)
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
    .join('')
  let inner: string
  if (content === undefined) inner = ''
  else if (Array.isArray(content))
    inner = content.map((child) => (child as Xml | undefined)?.xml ?? '').join('')
  else if (typeof content === 'object') inner = (content as Xml).xml
  else inner = escapeXml(String(content))
  return { xml: `<${name}${attrs}>${inner}</${name}>` }
}

/** A whole document: the declaration, then the root. */
export const xmlDocument = (root: Xml): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n${root.xml}`
