/**
 * The one XML writer (S3's REST-XML wire): elements built from names the code chooses and text
 * that is always escaped, so no value can open an element of its own.
 */
export interface Xml {
  readonly xml: string
}

type Content = string | number | boolean | Xml | ReadonlyArray<Xml | undefined> | undefined

const NAME = /^[A-Za-z_][\w.-]*$/

/** Escapes text and attribute values; characters XML 1.0 cannot carry at all are dropped. */
export const escapeXml = (text: string): string =>
  text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what XML 1.0 forbids.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

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
