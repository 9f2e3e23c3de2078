/**
 * A small, independent reader of the mail a Worker sent (RFC 5322 headers, RFC 2047 words, one
 * text/plain part in base64 or quoted-printable, possibly inside multipart/*), so tests check the
 * message a mail client would see, not the builder's own idea of it.
 */
export interface ParsedMail {
  /** Header names in lower case, each with its unfolded, decoded values in order. */
  headers: Map<string, string[]>
  /** The raw header lines, unfolded but not decoded. */
  rawHeaderLines: string[]
  text: string
}

export function parseMail(raw: string): ParsedMail {
  const split = raw.indexOf('\r\n\r\n')
  if (split < 0) throw new Error('no blank line after the headers')
  const head = raw.slice(0, split)
  const body = raw.slice(split + 4)
  for (const line of head.split('\r\n'))
    if (line.length > 998) throw new Error(`a header line of ${line.length} characters`)
  if (/\r(?!\n)|(?<!\r)\n/.test(head)) throw new Error('a bare CR or LF in the headers')
  const rawHeaderLines = head.replace(/\r\n(?=[ \t])/g, '').split('\r\n')
  const headers = new Map<string, string[]>()
  for (const line of rawHeaderLines) {
    const colon = line.indexOf(':')
    if (colon <= 0) throw new Error(`not a header line: ${line}`)
    const name = line.slice(0, colon).toLowerCase()
    const value = decodeWords(line.slice(colon + 1).trim())
    headers.set(name, [...(headers.get(name) ?? []), value])
  }
  return { headers, rawHeaderLines, text: textOf(headers, body) }
}

function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(
      /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g,
      (_, charset: string, encoding: string, text: string) => {
        if (!/^utf-8$/i.test(charset)) throw new Error(`charset ${charset}`)
        const bytes =
          encoding.toUpperCase() === 'B'
            ? Buffer.from(text, 'base64')
            : Buffer.from(
                text
                  .replace(/_/g, ' ')
                  .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) =>
                    String.fromCharCode(parseInt(hex, 16)),
                  ),
                'latin1',
              )
        return bytes.toString('utf8')
      },
    )
}

function textOf(headers: Map<string, string[]>, body: string): string {
  const type = headers.get('content-type')?.[0] ?? 'text/plain'
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1]
  if (/^multipart\//i.test(type) && boundary) {
    for (const part of body.split(`--${boundary}`).slice(1)) {
      if (part.startsWith('--')) break
      // The CRLF before each delimiter belongs to the delimiter, not to the part.
      const inner = parseMail(part.replace(/^\r\n/, '').replace(/\r\n$/, ''))
      if (/^(text\/plain|multipart\/)/i.test(inner.headers.get('content-type')?.[0] ?? ''))
        return inner.text
    }
    throw new Error('no text/plain part')
  }
  const encoding = (headers.get('content-transfer-encoding')?.[0] ?? '7bit').toLowerCase()
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
  if (encoding === 'quoted-printable')
    return Buffer.from(
      body
        .replace(/=\r\n/g, '')
        .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    ).toString('utf8')
  return body
}
