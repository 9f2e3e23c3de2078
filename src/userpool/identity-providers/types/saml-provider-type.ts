import { InvalidParameterException } from '../../../errors/cognito'
import { endpointProblem } from '../../../oidc/urls'
import { parseIdpMetadata } from '../../../saml/metadata'
import { SamlRejected } from '../../../saml/rejected'
import type { ProviderTypeRules } from './provider-type'

const FLAGS = ['IDPInit', 'IDPSignout', 'EncryptedResponses'] as const
/** Metadata documents are small; a bigger answer is refused rather than read. */
const MAX_METADATA_BYTES = 256 * 1024

/** A URL Portcullis may fetch or send a browser to: https, plain http on loopback only. */
function urlProblem(url: string): string | null {
  // The endpoint rules judged against the URL itself: the same https/loopback/special-address
  // rules as an OIDC issuer, but a query is allowed (IdPs put application ids in it).
  return endpointProblem(url, url)
}

async function fetchMetadata(url: string): Promise<string> {
  const problem = urlProblem(url)
  if (problem) throw new InvalidParameterException(`ProviderDetails MetadataURL ${problem}.`)
  let response: Response
  try {
    response = await fetch(url, { redirect: 'manual', headers: { accept: 'application/xml' } })
  } catch {
    throw new InvalidParameterException('ProviderDetails MetadataURL could not be fetched.')
  }
  if (response.status !== 200)
    throw new InvalidParameterException(
      `ProviderDetails MetadataURL answered ${response.status}, not 200.`,
    )
  const body = await response.text()
  if (body.length > MAX_METADATA_BYTES)
    throw new InvalidParameterException(
      'ProviderDetails MetadataURL answered too large a document.',
    )
  return body
}

/**
 * SAML ProviderDetails as Cognito takes them: MetadataFile or MetadataURL (exactly one), the
 * IDPInit, IDPSignout and EncryptedResponses flags ("true"/"false"), RequestSigningAlgorithm
 * rsa-sha256. The metadata is read now, and what the sign-in needs is stored beside it, as
 * Cognito's DescribeIdentityProvider shows it: SSORedirectBindingURI, SLORedirectBindingURI.
 * The entity id and signing certificates are stored too, so a sign-in never refetches metadata.
 */
export const samlProviderType: ProviderTypeRules = {
  async checkDetails(details) {
    const file = details.MetadataFile
    const url = details.MetadataURL
    if ((file === undefined) === (url === undefined))
      throw new InvalidParameterException(
        'ProviderDetails must have exactly one of MetadataFile and MetadataURL.',
      )
    for (const flag of FLAGS) {
      const value = details[flag]
      if (value !== undefined && value !== 'true' && value !== 'false')
        throw new InvalidParameterException(`ProviderDetails ${flag} must be true or false.`)
    }
    if (details.EncryptedResponses === 'true')
      throw new InvalidParameterException(
        'ProviderDetails EncryptedResponses is not supported yet: leave it false.',
      )
    const signing = details.RequestSigningAlgorithm
    if (signing !== undefined && signing !== 'rsa-sha256')
      throw new InvalidParameterException(
        'ProviderDetails RequestSigningAlgorithm must be rsa-sha256.',
      )
    const xml = file ?? (await fetchMetadata(url as string))
    let metadata: ReturnType<typeof parseIdpMetadata>
    try {
      metadata = parseIdpMetadata(xml)
    } catch (error) {
      if (error instanceof SamlRejected)
        throw new InvalidParameterException(
          `ProviderDetails metadata is invalid: ${error.message}.`,
        )
      throw error
    }
    for (const [name, location] of [
      ['SingleSignOnService', metadata.ssoRedirectUrl],
      ['SingleLogoutService', metadata.sloRedirectUrl],
    ] as const) {
      const problem = location === undefined ? null : urlProblem(location)
      if (problem)
        throw new InvalidParameterException(`ProviderDetails metadata ${name} Location ${problem}.`)
    }
    const derived: Record<string, string> = {
      SSORedirectBindingURI: metadata.ssoRedirectUrl,
      IDPEntityId: metadata.entityId,
      IDPSigningCertificates: metadata.signingCertificates.join(' '),
    }
    if (metadata.sloRedirectUrl !== undefined)
      derived.SLORedirectBindingURI = metadata.sloRedirectUrl
    const { SLORedirectBindingURI: _old, ...given } = details
    return {
      IDPInit: 'false',
      IDPSignout: 'false',
      EncryptedResponses: 'false',
      ...given,
      ...derived,
    }
  },
  publicDetails(details) {
    // The entity id and certificates are Portcullis's own record of the metadata, not Cognito's.
    const { IDPEntityId: _entity, IDPSigningCertificates: _certificates, ...shown } = details
    return shown
  },
}
