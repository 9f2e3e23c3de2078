import { describe, expect, it } from 'vitest'
import { endpointProblem, issuerProblem } from '../../src/oidc/urls'

describe('OpenID provider URLs', () => {
  it('takes https issuers with public hosts, and plain http on loopback only', () => {
    for (const issuer of [
      'https://idp.example',
      'https://accounts.example.com/tenant/v2.0',
      'https://93.184.216.34',
      'https://172.32.0.1',
      'https://100.128.0.1',
      'https://[2001:db8::1]',
      'http://127.0.0.1:9999',
      'http://127.1.2.3',
      'http://localhost:3000/realm',
      'https://localhost',
      'http://[::1]:8080',
      'http://[::ffff:127.0.0.1]',
    ])
      expect(issuerProblem(issuer), issuer).toBeNull()
  })

  it('refuses other schemes, plain http elsewhere, credentials, queries and fragments', () => {
    expect(issuerProblem('http://idp.example')).toMatch(/https/)
    expect(issuerProblem('ftp://idp.example')).toMatch(/https/)
    expect(issuerProblem('javascript:alert(1)')).not.toBeNull()
    expect(issuerProblem('not a url')).toBe('is not a URL')
    expect(issuerProblem('https://user:pass@idp.example')).toMatch(/credentials/)
    expect(issuerProblem('https://idp.example/?tenant=1')).toMatch(/query/)
    expect(issuerProblem('https://idp.example/#x')).toMatch(/fragment/)
    expect(issuerProblem('http://evil.localhost')).not.toBeNull()
  })

  it('refuses every literal private, link-local, unspecified, multicast, shared or reserved address, however spelled', () => {
    for (const host of [
      '10.0.0.1',
      '10.255.255.255',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '100.127.255.255',
      '0.0.0.0',
      '0.1.2.3',
      '224.0.0.1',
      '239.255.255.250',
      '240.0.0.1',
      '255.255.255.255',
      '0x0a000001', // 10.0.0.1
      '012.0.0.1', // octal: 10.0.0.1
      '167772161', // 10.0.0.1
      '[::]',
      '[fc00::1]',
      '[fd12:3456:789a::1]',
      '[fe80::1]',
      '[febf::1]',
      '[fec0::1]',
      '[ff02::1]',
      '[::ffff:10.0.0.1]',
      '[::ffff:169.254.169.254]',
      '[::10.0.0.1]',
      '[64:ff9b::c0a8:1]',
      '[2002:a9fe:a9fe::1]',
    ]) {
      expect(issuerProblem(`https://${host}/`), host).toMatch(/address/)
      expect(issuerProblem(`http://${host}/`), host).not.toBeNull()
    }
  })

  it('holds discovered endpoints to the same rules, on the same side of loopback as their issuer', () => {
    const local = 'http://127.0.0.1:9999'
    const remote = 'https://idp.example'
    expect(endpointProblem(`${local}/token`, local)).toBeNull()
    expect(endpointProblem('http://localhost:1234/token', local)).toBeNull()
    expect(endpointProblem('https://login.idp.example/authorize?x=1', remote)).toBeNull()
    expect(endpointProblem('http://idp.example/token', remote)).toMatch(/https/)
    expect(endpointProblem('https://idp.example/token', local)).toMatch(/loopback/)
    expect(endpointProblem('http://127.0.0.1/token', remote)).toMatch(/loopback/)
    expect(endpointProblem('https://10.0.0.5/token', remote)).toMatch(/address/)
    expect(endpointProblem('http://0.0.0.0:9999/token', local)).toMatch(/address/)
    expect(endpointProblem('https://[::ffff:c0a8:1]/token', remote)).toMatch(/address/)
    expect(endpointProblem('https://idp.example/auth#frag', remote)).toMatch(/fragment/)
    expect(endpointProblem(undefined, remote)).toBe('is not a URL')
    expect(endpointProblem(42, remote)).toBe('is not a URL')
  })
})
