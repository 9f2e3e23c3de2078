import { describe, expect, it } from 'vitest'
import { rememberAssertion } from '../../src/saml/replay'
import { SamlRejected, type SamlRejectionReason } from '../../src/saml/rejected'
import { type ResponsePolicy, verifySamlResponse } from '../../src/saml/verify-response'
import { MemoryRecordStore } from '../../src/storage/memory/memory-record-store'
import { IDP_CERT, OTHER_CERT, OTHER_KEY } from '../support/saml-keys'
import {
  ACS,
  AUDIENCE,
  ENTITY,
  NOW,
  assertionXml,
  fields,
  responseXml,
  sign,
  signedResponse,
} from '../support/saml-responses'

const policy = (overrides: Partial<ResponsePolicy> = {}): ResponsePolicy => ({
  certificates: [IDP_CERT],
  allowSha1: false,
  idpEntityId: ENTITY,
  acsUrl: ACS,
  audience: AUDIENCE,
  requestId: '_req1',
  allowIdpInitiated: false,
  now: NOW,
  skewMs: 60_000,
  ...overrides,
})

function refusal(xml: string, p: ResponsePolicy = policy()): SamlRejectionReason {
  try {
    verifySamlResponse(xml, p)
  } catch (error) {
    if (error instanceof SamlRejected) return error.reason
    throw error
  }
  throw new Error('accepted')
}

const RSA_SHA1 = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1'
const SHA1 = 'http://www.w3.org/2000/09/xmldsig#sha1'

describe('SAML response verification', () => {
  it('accepts a signed response with a signed assertion and reads it', () => {
    const verified = verifySamlResponse(signedResponse(), policy())
    expect(verified).toMatchObject({
      assertionId: '_assert1',
      issuer: ENTITY,
      nameId: 'alice@example.test',
      sessionIndex: '_session1',
      attributes: { email: ['alice@example.test'] },
    })
    expect(verified.expiresAt).toBe(Date.parse('2026-06-01T12:05:00Z') + 60_000)
  })

  it('accepts a response where only the assertion, or only the response, is signed', () => {
    const xml = responseXml(fields())
    expect(verifySamlResponse(sign(xml, 'Assertion'), policy()).nameId).toBe('alice@example.test')
    expect(verifySamlResponse(sign(xml, 'Response'), policy()).nameId).toBe('alice@example.test')
  })

  it('refuses an unsigned response', () => {
    expect(refusal(responseXml(fields()))).toBe('signature')
  })

  it('refuses a document type declaration, even an innocent one', () => {
    const xml = signedResponse()
    expect(refusal(`<!DOCTYPE Response [<!ENTITY x "y">]>${xml}`)).toBe('doctype')
    expect(refusal(`<?xml version="1.0"?><!doctype Response>${xml}`)).toBe('doctype')
  })

  it('refuses a tampered assertion (the signature no longer verifies)', () => {
    const xml = signedResponse().replace(
      '>alice@example.test</saml:NameID>',
      '>admin@example.test</saml:NameID>',
    )
    expect(refusal(xml)).toBe('signature')
  })

  it('refuses signature wrapping: the signed assertion moved aside, a forged one read', () => {
    const signed = sign(responseXml(fields()), 'Assertion')
    const signedAssertion = signed.slice(
      signed.indexOf('<saml:Assertion'),
      signed.indexOf('</samlp:Response>'),
    )
    const forged = assertionXml(fields({ assertionId: '_forged', nameId: 'admin@example.test' }))
    const wrapped = signed.replace(
      signedAssertion,
      `<samlp:Extensions>${signedAssertion}</samlp:Extensions>${forged}`,
    )
    expect(refusal(wrapped)).toBe('structure')
  })

  it('refuses signature wrapping: a forged assertion carrying the signed one’s ID', () => {
    const signed = sign(responseXml(fields()), 'Assertion')
    const forged = assertionXml(fields({ nameId: 'admin@example.test' })).replace(
      'ID="_assert1"',
      'ID="_assert1x"',
    )
    // The signed assertion sits inside the forged one's Advice, the forged one carries the same ID.
    const signedAssertion = signed.slice(
      signed.indexOf('<saml:Assertion'),
      signed.indexOf('</samlp:Response>'),
    )
    const wrapped = signed.replace(
      signedAssertion,
      forged
        .replace('ID="_assert1x"', 'ID="_assert1"')
        .replace(
          '</saml:Assertion>',
          `<saml:Advice>${signedAssertion}</saml:Advice></saml:Assertion>`,
        ),
    )
    expect(['structure', 'duplicate-id']).toContain(refusal(wrapped))
  })

  it('refuses duplicate IDs anywhere in the document', () => {
    const signed = sign(responseXml(fields()), 'Assertion')
    const withDuplicate = signed.replace(
      '<samlp:Status>',
      '<samlp:Extensions><x:Other xmlns:x="urn:x" ID="_assert1"/></samlp:Extensions><samlp:Status>',
    )
    expect(refusal(withDuplicate)).toBe('duplicate-id')
  })

  it('refuses a signature whose Reference covers another element', () => {
    const xml = responseXml(fields())
    // The Response is signed, and its signature then copied into the assertion.
    const signed = sign(xml, 'Response')
    const signature = signed.slice(
      signed.indexOf('<Signature'),
      signed.indexOf('</Signature>') + 12,
    )
    const moved = signed
      .replace(signature, '')
      .replace(
        `<saml:Issuer>${ENTITY}</saml:Issuer><saml:Subject>`,
        `<saml:Issuer>${ENTITY}</saml:Issuer>${signature}<saml:Subject>`,
      )
    expect(refusal(moved)).toBe('signature')
  })

  it('never trusts a certificate the message brings in KeyInfo', () => {
    const xml = signedResponse({}, { key: OTHER_KEY, cert: OTHER_CERT })
    expect(xml).toContain('X509Certificate')
    expect(refusal(xml)).toBe('signature')
  })

  it('refuses sha1 unless the provider allows it', () => {
    const xml = signedResponse({}, { signatureAlgorithm: RSA_SHA1, digestAlgorithm: SHA1 })
    expect(refusal(xml)).toBe('algorithm')
    expect(verifySamlResponse(xml, policy({ allowSha1: true })).nameId).toBe('alice@example.test')
  })

  it('refuses an encrypted assertion (not supported)', () => {
    const xml = signedResponse().replace(
      /<saml:Assertion[\s\S]*<\/saml:Assertion>/,
      '<saml:EncryptedAssertion/>',
    )
    expect(refusal(xml)).toBe('structure')
  })

  it('refuses a failed status, another issuer, destination or recipient', () => {
    expect(
      refusal(signedResponse({ status: 'urn:oasis:names:tc:SAML:2.0:status:Requester' })),
    ).toBe('status')
    expect(refusal(signedResponse({ issuer: 'https://evil.test' }))).toBe('issuer')
    expect(refusal(signedResponse({ destination: 'https://sp.other/acs' }))).toBe('destination')
    expect(refusal(signedResponse({ recipient: 'https://sp.other/acs' }))).toBe('recipient')
  })

  it('refuses an assertion for another audience', () => {
    expect(refusal(signedResponse({ audience: 'urn:amazon:cognito:sp:us-east-1_OTHER' }))).toBe(
      'audience',
    )
  })

  it('refuses an expired or not yet valid assertion, beyond the allowed skew only', () => {
    expect(refusal(signedResponse(), policy({ now: Date.parse('2026-06-01T12:06:00Z') }))).toBe(
      'time',
    )
    expect(refusal(signedResponse(), policy({ now: Date.parse('2026-06-01T11:57:59Z') }))).toBe(
      'time',
    )
    expect(
      verifySamlResponse(signedResponse(), policy({ now: Date.parse('2026-06-01T12:05:30Z') }))
        .nameId,
    ).toBe('alice@example.test')
  })

  it('refuses a response to another request, and unsolicited ones unless IdP-initiated is on', () => {
    expect(refusal(signedResponse({ inResponseTo: '_other' }))).toBe('in-response-to')
    expect(refusal(signedResponse({ inResponseTo: undefined }))).toBe('in-response-to')
    const unsolicited = signedResponse({ inResponseTo: undefined })
    expect(refusal(unsolicited, policy({ requestId: undefined }))).toBe('in-response-to')
    expect(
      verifySamlResponse(unsolicited, policy({ requestId: undefined, allowIdpInitiated: true }))
        .nameId,
    ).toBe('alice@example.test')
    // A solicited response is not accepted as an unsolicited one.
    expect(
      refusal(signedResponse(), policy({ requestId: undefined, allowIdpInitiated: true })),
    ).toBe('in-response-to')
  })

  it('remembers assertion ids until they expire, refusing a replay', async () => {
    let now = NOW
    const store = new MemoryRecordStore(() => now)
    const verified = verifySamlResponse(signedResponse(), policy())
    await rememberAssertion(store, verified.issuer, verified.assertionId, verified.expiresAt)
    await expect(
      rememberAssertion(store, verified.issuer, verified.assertionId, verified.expiresAt),
    ).rejects.toMatchObject({ reason: 'replay' })
    now = verified.expiresAt + 1
    await rememberAssertion(store, verified.issuer, verified.assertionId, now + 60_000)
  })
})
