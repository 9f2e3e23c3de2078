import { MalformedXML } from '../../errors/s3'

/**
 * The minimal XML reader for the two request bodies the S3 front accepts (DeleteObjects and
 * CompleteMultipartUpload): elements, attributes (read past), text with the five predefined
 * entities and character references. No DOCTYPE, entity declarations, comments, CDATA or
 * processing instructions (an XML declaration at the start excepted), so nothing expands; size,
 * depth and element count are bounded.
 */
export interface XmlElement {
  /** The local name (any namespace prefix dropped). */
  name: string
  children: XmlElement[]
  text: string
}

export interface XmlLimits {
  maxChars: number
  maxDepth: number
  maxElements: number
}

const OPEN =
  /^<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/
const CLOSE = /^<\/([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)\s*>/
const DECLARATION = /^\s*<\?xml(\s[^?<>]*)?\?>/
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

const localName = (name: string) => name.slice(name.indexOf(':') + 1)

function decodeText(raw: string): string {
  return raw.replace(/&([^;&\s]{1,10});|&/g, (whole, ref: string | undefined) => {
    if (ref === undefined) throw new MalformedXML()
    if (ref in ENTITIES) return ENTITIES[ref]!
    const code = /^#x[0-9a-fA-F]{1,6}$/.test(ref)
      ? Number.parseInt(ref.slice(2), 16)
      : /^#\d{1,7}$/.test(ref)
        ? Number(ref.slice(1))
        : Number.NaN
    if (!(code >= 0x9 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff))
      throw new MalformedXML(`The XML holds an unknown entity ${whole.slice(0, 16)}.`)
    return String.fromCodePoint(code)
  })
}

/** Parses a document; throws MalformedXML on anything outside the subset or the limits. */
export function parseXml(text: string, limits: XmlLimits): XmlElement {
  if (text.length > limits.maxChars) throw new MalformedXML('The XML body is too large.')
  let rest = text.replace(/^\uFEFF/, '')
  const declaration = DECLARATION.exec(rest)
  if (declaration) rest = rest.slice(declaration[0].length)
  if (/<[!?]/.test(rest))
    throw new MalformedXML('DOCTYPE, comments, CDATA and processing instructions are not accepted.')
  const stack: XmlElement[] = []
  let root: XmlElement | undefined
  let count = 0
  while (rest.length > 0) {
    const lt = rest.indexOf('<')
    const raw = lt === -1 ? rest : rest.slice(0, lt)
    if (raw.length > 0) {
      const top = stack.at(-1)
      if (!top) {
        if (raw.trim() !== '') throw new MalformedXML()
      } else top.text += decodeText(raw)
      rest = rest.slice(raw.length)
      continue
    }
    const close = CLOSE.exec(rest)
    if (close) {
      const top = stack.pop()
      if (!top || top.name !== localName(close[1]!)) throw new MalformedXML()
      rest = rest.slice(close[0].length)
      continue
    }
    const open = OPEN.exec(rest)
    if (!open || (root !== undefined && stack.length === 0)) throw new MalformedXML()
    count++
    if (count > limits.maxElements || stack.length >= limits.maxDepth)
      throw new MalformedXML('The XML body has too many elements.')
    const element: XmlElement = { name: localName(open[1]!), children: [], text: '' }
    const parent = stack.at(-1)
    if (parent) parent.children.push(element)
    else root = element
    if (open[3] !== '/') stack.push(element)
    rest = rest.slice(open[0].length)
  }
  if (!root || stack.length > 0) throw new MalformedXML()
  return root
}

/** The text of the only child called `name`, or undefined when there is none. */
export function childText(element: XmlElement, name: string): string | undefined {
  const found = element.children.filter((child) => child.name === name)
  if (found.length > 1) throw new MalformedXML(`More than one ${name} element.`)
  return found[0]?.text
}
