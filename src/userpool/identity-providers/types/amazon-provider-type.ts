import { PUBLIC_SOCIAL_ENDPOINTS } from '../social/endpoints'
import { checkScopes, takenDetails, withoutKeys } from '../social/details'
import type { ProviderTypeRules } from './provider-type'

/** Login with Amazon's scopes for customer profile data. */
const SCOPES = ['profile', 'profile:user_id', 'postal_code']

/**
 * Login with Amazon as Cognito takes it: client_id, client_secret and authorize_scopes (profile,
 * profile:user_id, postal_code); the sign-in, token and profile URLs are made from the configured
 * hosts (FEDERATION_AMAZON_WEB_URL, LOGIN_AMAZON_API_URL). The secret is never answered.
 */
export const amazonProviderType: ProviderTypeRules = {
  providerName: 'LoginWithAmazon',
  async checkDetails(details, { services }) {
    const taken = takenDetails('LoginWithAmazon', details, [
      'client_id',
      'client_secret',
      'authorize_scopes',
    ])
    checkScopes('LoginWithAmazon', taken.authorize_scopes!, SCOPES)
    const endpoints = services.socialEndpoints ?? PUBLIC_SOCIAL_ENDPOINTS
    return {
      ...taken,
      authorize_url: `${endpoints.amazonWebUrl}/ap/oa`,
      token_url: `${endpoints.amazonApiUrl}/auth/o2/token`,
      attributes_url: `${endpoints.amazonApiUrl}/user/profile`,
      attributes_url_add_attributes: 'false',
      token_request_method: 'POST',
    }
  },
  publicDetails: withoutKeys('client_secret'),
}
