import { InvalidParameterException } from '../../../errors/cognito'
import { PUBLIC_SOCIAL_ENDPOINTS } from '../social/endpoints'
import { checkScopes, takenDetails, withoutKeys } from '../social/details'
import type { ProviderTypeRules } from './provider-type'

/** The Graph API version where none is given. */
const DEFAULT_API_VERSION = 'v17.0'

/**
 * Facebook as Cognito takes it: client_id (the app id), client_secret, authorize_scopes and an
 * optional api_version; the dialog, token and profile URLs are made from the configured Facebook
 * hosts (FEDERATION_FACEBOOK_WEB_URL, LOGIN_FACEBOOK_GRAPH_URL) and that version. The app secret
 * is never answered.
 */
export const facebookProviderType: ProviderTypeRules = {
  providerName: 'Facebook',
  async checkDetails(details, { services }) {
    const taken = takenDetails(
      'Facebook',
      details,
      ['client_id', 'client_secret', 'authorize_scopes'],
      ['api_version'],
    )
    checkScopes('Facebook', taken.authorize_scopes!)
    const version = taken.api_version ?? DEFAULT_API_VERSION
    if (!/^v\d{1,3}\.\d{1,2}$/.test(version))
      throw new InvalidParameterException(
        'ProviderDetails api_version must be a Graph API version such as v17.0.',
      )
    const endpoints = services.socialEndpoints ?? PUBLIC_SOCIAL_ENDPOINTS
    return {
      ...taken,
      api_version: version,
      authorize_url: `${endpoints.facebookWebUrl}/${version}/dialog/oauth`,
      token_url: `${endpoints.facebookGraphUrl}/${version}/oauth/access_token`,
      attributes_url: `${endpoints.facebookGraphUrl}/${version}/me?fields=`,
      attributes_url_add_attributes: 'true',
      token_request_method: 'POST',
    }
  },
  publicDetails: withoutKeys('client_secret'),
}
