import { describe, expect, it } from 'vitest'
import { isPlainAddress, parseMailbox } from '../../src/messaging/mailbox'
import {
  buildMimeMessage,
  encodeHeaderText,
  formatMailbox,
  UnsafeHeaderError,
} from '../../src/messaging/mime'
import { parseMail } from '../e2e/support/parse-mail'

const NOW = Date.UTC(2026, 0, 2, 3, 4, 5)
const mail = (overrides: Partial<Parameters<typeof buildMimeMessage>[0]> = {}) =>
  buildMimeMessage(
    {
      from: { address: 'no-reply@example.com', name: 'Example' },
      to: { address: 'user@example.org' },
      subject: 'Your verification code',
      text: 'Your verification code is 123456.',
      ...overrides,
    },
    NOW,
    'id-1',
  )

describe('addresses an attacker writes', () => {
  it.each([
    'victim@example.com\r\nBcc: attacker@evil.example',
    'victim@example.com\nBcc: attacker@evil.example',
    'victim@example.com\rBcc: attacker@evil.example',
    'victim@example.com>\r\nRCPT TO:<attacker@evil.example',
    'victim@example.com, attacker@evil.example',
    'victim@example.com>,<attacker@evil.example',
    '"victim\r\n"@example.com',
    'victim @example.com',
    'victim@exa mple.com',
    'victim@example.com\u0000',
    'victim@example.com\u2028Bcc: attacker@evil.example',
    'victim@-example.com',
    'vïctim@example.com',
    `${'a'.repeat(65)}@example.com`,
    `a@${'b'.repeat(250)}.com`,
  ])('refuses %j as a recipient', (address) => {
    expect(isPlainAddress(address)).toBe(false)
    expect(parseMailbox(address)).toBeUndefined()
  })

  it('accepts the addresses people have', () => {
    for (const address of ['a@b', 'first.last+tag@mail.example.co.uk', "o'brien@example.ie"])
      expect(parseMailbox(address)).toEqual({ address })
    expect(parseMailbox('Example Corp <no-reply@example.com>')).toEqual({
      address: 'no-reply@example.com',
      name: 'Example Corp',
    })
    expect(parseMailbox('"Støre, Jonas" <js@example.no>')).toEqual({
      address: 'js@example.no',
      name: 'Støre, Jonas',
    })
  })

  it.each([
    'Evil\r\nBcc: x@evil.example <a@example.com>',
    '"Evil\nBcc: x@evil.example" <a@example.com>',
    '"a\\" <b@evil.example>" <a@example.com>',
    'Name <a@example.com> <b@example.com>',
  ])('refuses the From %j', (from) => {
    expect(parseMailbox(from)).toBeUndefined()
  })
})

describe('subjects an attacker writes', () => {
  it.each([
    'Code\r\nBcc: attacker@evil.example',
    'Code\nBcc: attacker@evil.example',
    'Code\rBcc: attacker@evil.example',
    'Code\u0000',
    'Code\u0085Bcc: attacker@evil.example',
    'Code\u2028Bcc: attacker@evil.example',
  ])('refuses %j rather than write it', (subject) => {
    expect(() => mail({ subject })).toThrow(UnsafeHeaderError)
    expect(() => encodeHeaderText(subject, 'subject')).toThrow(UnsafeHeaderError)
  })

  it('refuses a display name with a line break', () => {
    expect(() =>
      formatMailbox({ address: 'a@example.com', name: 'A\r\nBcc: x@evil.example' }),
    ).toThrow(UnsafeHeaderError)
  })

  it('encodes text that looks like an encoded word, so it reads back literally', () => {
    const subject = '=?UTF-8?B?QmNjOiB4QGV2aWw=?='
    expect(parseMail(mail({ subject })).headers.get('subject')).toEqual([subject])
  })
})

describe('the message built', () => {
  it('has the headers and text a mail client reads', () => {
    const raw = mail()
    const parsed = parseMail(raw)
    expect(parsed.headers.get('from')).toEqual(['"Example" <no-reply@example.com>'])
    expect(parsed.headers.get('to')).toEqual(['user@example.org'])
    expect(parsed.headers.get('subject')).toEqual(['Your verification code'])
    expect(parsed.headers.get('date')).toEqual(['Fri, 02 Jan 2026 03:04:05 +0000'])
    expect(parsed.headers.get('message-id')).toEqual(['<id-1@example.com>'])
    expect(parsed.headers.get('bcc')).toBeUndefined()
    expect(parsed.text).toBe('Your verification code is 123456.')
  })

  it('writes a non-ASCII subject as RFC 2047 words that decode to it', () => {
    const subject = 'Ваш код подтверждения 🔐 — código de verificación'
    const raw = mail({ subject, from: { address: 'a@example.com', name: 'Société Générale' } })
    expect(raw).toMatch(/^[\t\n\r\x20-\x7e]*$/)
    const parsed = parseMail(raw)
    expect(parsed.headers.get('subject')).toEqual([subject])
    expect(parsed.headers.get('from')).toEqual(['Société Générale <a@example.com>'])
  })

  it('keeps every line of a long subject and a long body within 78 characters', () => {
    const subject = `${'word '.repeat(60)}ünïcödé ${'🔐'.repeat(40)}`
    const text = `${'x'.repeat(5000)}\n.\nline two\r\n..\rthree ${'é'.repeat(900)}`
    const raw = mail({ subject, text })
    for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78)
    const parsed = parseMail(raw)
    expect(parsed.headers.get('subject')).toEqual([subject])
    expect(parsed.text).toBe(text)
  })

  it('writes a Reply-To when there is one', () => {
    const parsed = parseMail(mail({ replyTo: { address: 'help@example.com' } }))
    expect(parsed.headers.get('reply-to')).toEqual(['help@example.com'])
  })
})
