import { toBase64, utf8 } from '../crypto/encoding'
import { hasControlCharacter, type Mailbox } from './mailbox'

/**
 * The one builder of Portcullis's outgoing mail: header values safe to write after `Name: `, and a
 * whole RFC 5322 message for transports that take raw MIME (the `send_email` binding). Nothing a
 * caller passes can end a header line: addresses are checked (mailbox.ts), and any text that is not
 * short printable ASCII becomes RFC 2047 encoded words, folded so no line passes 76 characters.
 */

/** An email ready to build: every address already parsed and checked. */
export interface MailContent {
  from: Mailbox
  to: Mailbox
  replyTo?: Mailbox
  subject: string
  text: string
}

/** Thrown for text that cannot be put in a header (a line break or other control character). */
export class UnsafeHeaderError extends Error {
  constructor(what: string) {
    super(`the message's ${what} holds a control character or line break`)
    this.name = 'UnsafeHeaderError'
  }
}

/** Bytes of UTF-8 per encoded word: 36 bytes are 48 base64 characters, a 60-character word. */
const WORD_BYTES = 36

/**
 * A header value for `text` (a subject, a display name): itself when it is printable ASCII that
 * fits on one line beside its name, else `=?UTF-8?B?…?=` words split on character boundaries
 * and folded with CRLF and a space. Throws UnsafeHeaderError for control characters.
 */
export function encodeHeaderText(text: string, what: string, nameLength = 9): string {
  if (hasControlCharacter(text)) throw new UnsafeHeaderError(what)
  if (/^[\x20-\x7e]*$/.test(text) && nameLength + text.length <= 76 && !text.includes('=?'))
    return text
  const words: string[] = []
  let chunk = ''
  for (const character of text) {
    if (utf8(chunk + character).length > WORD_BYTES) {
      words.push(chunk)
      chunk = ''
    }
    chunk += character
  }
  if (chunk !== '' || words.length === 0) words.push(chunk)
  return words.map((word) => `=?UTF-8?B?${toBase64(utf8(word))}?=`).join('\r\n ')
}

/** A mailbox as a header value: `addr@host`, or `"Name" <addr@host>` with the name encoded when needed. */
export function formatMailbox(mailbox: Mailbox): string {
  if (mailbox.name === undefined) return mailbox.address
  if (hasControlCharacter(mailbox.name)) throw new UnsafeHeaderError('display name')
  const name =
    /^[\x20-\x7e]*$/.test(mailbox.name) && !mailbox.name.includes('=?')
      ? `"${mailbox.name.replace(/["\\]/g, '')}"`
      : encodeHeaderText(mailbox.name, 'display name', 60)
  return `${name} <${mailbox.address}>`
}

/** The headers every transport writes for a message, as name and value pairs. */
export function addressHeaders(mail: MailContent): Array<[string, string]> {
  return [
    ['From', formatMailbox(mail.from)],
    ['To', formatMailbox(mail.to)],
    ...(mail.replyTo ? [['Reply-To', formatMailbox(mail.replyTo)] as [string, string]] : []),
    ['Subject', encodeHeaderText(mail.subject, 'subject')],
  ]
}

/**
 * A whole message in CRLF lines: the address headers, Date, Message-ID, and the text as one
 * `text/plain; charset=UTF-8` part in base64 (so no body line is long, starts with a dot or holds
 * a bare CR or LF, whatever the text).
 */
export function buildMimeMessage(mail: MailContent, now: number, messageId: string): string {
  const domain = mail.from.address.slice(mail.from.address.lastIndexOf('@') + 1)
  const headers: Array<[string, string]> = [
    ...addressHeaders(mail),
    ['Date', new Date(now).toUTCString().replace('GMT', '+0000')],
    ['Message-ID', `<${messageId}@${domain}>`],
    ['MIME-Version', '1.0'],
    ['Content-Type', 'text/plain; charset=UTF-8'],
    ['Content-Transfer-Encoding', 'base64'],
  ]
  const body = toBase64(utf8(mail.text)).replace(/.{76}(?=.)/g, '$&\r\n')
  return `${headers.map(([name, value]) => `${name}: ${value}`).join('\r\n')}\r\n\r\n${body}\r\n`
}
