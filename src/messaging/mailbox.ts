/**
 * One mailbox (`addr@host` or `Name <addr@host>`), checked so it can go into a header line and an
 * SMTP command as it is. Only dot-atom local parts and ASCII host names: no quoted local parts, no
 * comments, no lists. A comma, an angle bracket, a space or a line break in an address could
 * otherwise add a recipient, end a command or start a header of an attacker's choosing.
 */
export interface Mailbox {
  address: string
  name?: string
}

const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
const ADDRESS = new RegExp(
  `^${ATOM}(\\.${ATOM})*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$`,
)
/** Control characters (C0, DEL, C1) and the Unicode line and paragraph separators. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/

/** Whether `address` is a single plain address that is safe in a header and in RCPT TO. */
export function isPlainAddress(address: string): boolean {
  // RFC 5321: 64 octets of local part, 254 of path.
  return address.length <= 254 && ADDRESS.test(address) && address.indexOf('@') <= 64
}

/**
 * Parses `addr@host` or `Display Name <addr@host>` (a display name may be quoted); undefined when
 * the text is not exactly one safe mailbox.
 */
export function parseMailbox(text: string): Mailbox | undefined {
  const trimmed = text.trim()
  if (CONTROL.test(trimmed)) return undefined
  if (isPlainAddress(trimmed)) return { address: trimmed }
  const named = /^(.*?)\s*<([^<>]*)>$/.exec(trimmed)
  if (!named) return undefined
  const [, rawName = '', address = ''] = named
  if (!isPlainAddress(address)) return undefined
  const name = /^"(.*)"$/.exec(rawName)?.[1] ?? rawName
  if (name.includes('"') || name.includes('\\') || name.includes('<') || name.includes('>'))
    return undefined
  return name.trim() === '' ? { address } : { address, name: name.trim() }
}

/** Whether a display name or subject holds a character that may not appear in a header. */
export function hasControlCharacter(text: string): boolean {
  return CONTROL.test(text)
}
