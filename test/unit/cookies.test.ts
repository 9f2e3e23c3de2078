import { describe, expect, it } from 'vitest'
import { clearCookie, COOKIES, readCookies, setCookie } from '../../src/http/cookies'

describe('the cookie module', () => {
  it('sets every Portcullis cookie as a __Host- cookie: Secure, HttpOnly, Path=/, no Domain', () => {
    for (const name of Object.values(COOKIES)) {
      const header = setCookie(name, 'value', 600)
      const attributes = header.split('; ')
      expect(attributes[0]).toBe(`${name}=value`)
      expect(name.startsWith('__Host-')).toBe(true)
      for (const attribute of ['Path=/', 'Secure', 'HttpOnly', 'SameSite=Lax', 'Max-Age=600'])
        expect(attributes, name).toContain(attribute)
      expect(header.toLowerCase()).not.toContain('domain=')
    }
  })

  it('makes a session cookie without Max-Age, and clears with Max-Age=0', () => {
    expect(setCookie(COOKIES.sso, 'v')).not.toContain('Max-Age')
    expect(clearCookie(COOKIES.csrf).split('; ')).toEqual(
      expect.arrayContaining(['__Host-pcl-csrf=', 'Max-Age=0', 'Path=/', 'Secure', 'HttpOnly']),
    )
  })

  it('reads a request cookie by name, the first of duplicates winning', () => {
    const request = new Request('https://idp.example/', {
      headers: { cookie: `${COOKIES.sso}=first; other=x; ${COOKIES.sso}=second` },
    })
    expect(readCookies(request)[COOKIES.sso]).toBe('first')
    expect(readCookies(new Request('https://idp.example/'))[COOKIES.sso]).toBeUndefined()
  })
})
