import { describe, expect, it } from 'vitest'
import { element, escapeXml, xmlDocument } from '../../src/xml/writer'

describe('the XML writer', () => {
  it('escapes markup and drops what XML cannot carry', () => {
    expect(escapeXml(`<a href="x">&'</a>\r`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;&#13;',
    )
    expect(escapeXml('a\u0000b\u001Fc\uD800d\uFFFEe\tf\ng😀')).toBe('abcde\tf\ng😀')
  })

  it('writes a document with its namespace and refuses element names that are not ours', () => {
    expect(
      xmlDocument(element('R', [element('A', '1'), element('B', [])], { xmlns: 'urn:x' })),
    ).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<R xmlns="urn:x"><A>1</A><B></B></R>')
    expect(() => element('a b', 'x')).toThrow()
  })
})
