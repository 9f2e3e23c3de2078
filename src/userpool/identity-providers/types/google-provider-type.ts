import { PUBLIC_SOCIAL_ENDPOINTS } from '../social/endpoints'
import { checkScopes, takenDetails, withoutKeys } from '../social/details'
import type { ProviderTypeRules } from './provider-type'

/**
 * Google as Cognito takes it: client_id, client_secret and authorize_scopes; Portcullis adds the
 * issuer (LOGIN_GOOGLE_ISSUER) and signs in by OpenID Connect from its discovery document. The
 * endpoint keys Cognito reports are reported for Google's own issuer only: elsewhere the
 * discovery document, not these, says where things are. The secret is never answered.
 */
export const googleProviderType: ProviderTypeRules = {
  providerName: 'Google',
  async checkDetails(details, { services }) {
    const taken = takenDetails('Google', details, [
      'client_id',
      'client_secret',
      'authorize_scopes',
    ])
    checkScopes('Google', taken.authorize_scopes!)
    const issuer = (services.socialEndpoints ?? PUBLIC_SOCIAL_ENDPOINTS).googleIssuer
    const googles = issuer === PUBLIC_SOCIAL_ENDPOINTS.googleIssuer
    return {
      ...taken,
      oidc_issuer: issuer,
      ...(googles
        ? {
            authorize_url: 'https://accounts.google.com/o/oauth2/v2/auth',
            token_url: 'https://www.googleapis.com/oauth2/v4/token',
            attributes_url: 'https://people.googleapis.com/v1/people/me?personFields=',
          }
        : {}),
      attributes_url_add_attributes: 'true',
      token_request_method: 'POST',
    }
  },
  publicDetails: withoutKeys('client_secret'),
}
