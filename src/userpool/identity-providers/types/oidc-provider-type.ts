import { InvalidParameterException } from '../../../errors/cognito'
import { issuerProblem } from '../../../oidc/urls'
import type { ProviderTypeRules } from './provider-type'

/**
 * OIDC ProviderDetails as Cognito takes them: client_id, authorize_scopes and oidc_issuer are
 * required; client_secret is optional here (without it the upstream client is public and PKCE
 * carries the proof); attributes_request_method is GET or POST. The issuer obeys the rules of
 * src/oidc/urls.ts: https, plain http on loopback only, no literal private or special address.
 */
export const oidcProviderType: ProviderTypeRules = {
  async checkDetails(details) {
    for (const required of ['client_id', 'authorize_scopes', 'oidc_issuer']) {
      if (!details[required])
        throw new InvalidParameterException(`ProviderDetails is missing ${required}.`)
    }
    const problem = issuerProblem(details.oidc_issuer!)
    if (problem) throw new InvalidParameterException(`ProviderDetails oidc_issuer ${problem}.`)
    if (!details.authorize_scopes!.split(' ').includes('openid'))
      throw new InvalidParameterException('ProviderDetails authorize_scopes must include openid.')
    const method = details.attributes_request_method ?? 'GET'
    if (method !== 'GET' && method !== 'POST')
      throw new InvalidParameterException(
        'ProviderDetails attributes_request_method must be GET or POST.',
      )
    return { ...details, attributes_request_method: method }
  },
}
