import { afterEach, describe, expect, it, vi } from 'vitest'
import { InvalidParameterException } from '../../src/errors/cognito'
import type { UserPoolConfig } from '../../src/userpool/model'
import type { UserPoolServices } from '../../src/userpool/services'
import { samlProviderType } from '../../src/userpool/identity-providers/types/saml-provider-type'
import { IDP_CERT } from '../support/saml-keys'
import { ENTITY } from '../support/saml-responses'

const DER = IDP_CERT.replace(/-----[^-]+-----|\s+/g, '')
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect'

function metadata(
  options: { sso?: string; slo?: string; cert?: boolean; doctype?: boolean } = {},
): string {
  const sso = options.sso ?? 'https://idp.example.test/sso'
  const key =
    options.cert === false
      ? ''
      : `<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${DER}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`
  const slo = options.slo
    ? `<md:SingleLogoutService Binding="${REDIRECT}" Location="${options.slo}"/>`
    : ''
  return (
    (options.doctype ? '<!DOCTYPE x [<!ENTITY a "b">]>' : '') +
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${ENTITY}">` +
    `<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${key}${slo}` +
    `<md:SingleSignOnService Binding="${REDIRECT}" Location="${sso}"/>` +
    '</md:IDPSSODescriptor></md:EntityDescriptor>'
  )
}

const context = { services: {} as UserPoolServices, pool: {} as UserPoolConfig }
const check = (details: Record<string, string>) => samlProviderType.checkDetails(details, context)

async function problem(details: Record<string, string>): Promise<string> {
  const error = await check(details).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(InvalidParameterException)
  return (error as Error).message
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('SAML provider details', () => {
  it('reads the metadata file and stores what sign-in needs, as Cognito describes it', async () => {
    const details = await check({
      MetadataFile: metadata({ slo: 'https://idp.example.test/slo' }),
      IDPSignout: 'true',
      RequestSigningAlgorithm: 'rsa-sha256',
    })
    expect(details).toMatchObject({
      IDPInit: 'false',
      IDPSignout: 'true',
      EncryptedResponses: 'false',
      SSORedirectBindingURI: 'https://idp.example.test/sso',
      SLORedirectBindingURI: 'https://idp.example.test/slo',
      IDPEntityId: ENTITY,
      IDPSigningCertificates: DER,
    })
    const shown = samlProviderType.publicDetails?.(details) ?? {}
    expect(shown.IDPEntityId).toBeUndefined()
    expect(shown.SSORedirectBindingURI).toBe('https://idp.example.test/sso')
  })

  it('fetches MetadataURL under the URL rules, without following redirects', async () => {
    const seen: Array<RequestInit | undefined> = []
    vi.stubGlobal('fetch', async (_url: string, init?: RequestInit) => {
      seen.push(init)
      return new Response(metadata())
    })
    const details = await check({ MetadataURL: 'https://idp.example.test/metadata?app=1' })
    expect(details.IDPEntityId).toBe(ENTITY)
    expect(seen[0]?.redirect).toBe('manual')
    expect(await problem({ MetadataURL: 'http://idp.example.test/metadata' })).toMatch(/https/)
    expect(await problem({ MetadataURL: 'https://10.0.0.1/metadata' })).toMatch(/private/)
    vi.stubGlobal('fetch', async () => new Response(null, { status: 302 }))
    expect(await problem({ MetadataURL: 'https://idp.example.test/metadata' })).toMatch(/302/)
  })

  it('refuses bad details and bad metadata with InvalidParameterException', async () => {
    expect(await problem({})).toMatch(/exactly one of MetadataFile and MetadataURL/)
    expect(await problem({ MetadataFile: metadata(), IDPInit: 'yes' })).toMatch(/IDPInit/)
    expect(
      await problem({ MetadataFile: metadata(), RequestSigningAlgorithm: 'rsa-sha1' }),
    ).toMatch(/RequestSigningAlgorithm/)
    expect(await problem({ MetadataFile: metadata(), EncryptedResponses: 'true' })).toMatch(
      /not supported/,
    )
    expect(await problem({ MetadataFile: 'not xml <' })).toMatch(/metadata is invalid/)
    expect(await problem({ MetadataFile: metadata({ doctype: true }) })).toMatch(/document type/)
    expect(await problem({ MetadataFile: metadata({ cert: false }) })).toMatch(
      /signing certificate/,
    )
    expect(
      await problem({ MetadataFile: metadata({ sso: 'http://idp.example.test/sso' }) }),
    ).toMatch(/SingleSignOnService Location must be https/)
  })
})
