import { InvalidParameterException } from '../../../errors/cognito'
import { applePrivateKeyPem, isApplePrivateKey } from '../social/apple-client-secret'
import { PUBLIC_SOCIAL_ENDPOINTS } from '../social/endpoints'
import { checkScopes, takenDetails, withoutKeys } from '../social/details'
import type { ProviderTypeRules } from './provider-type'

/**
 * Sign in with Apple as Cognito takes it: client_id (the services id), team_id, key_id,
 * private_key (the .p8 key, EC P-256) and authorize_scopes (email, name; openid is implied);
 * Portcullis adds the issuer (LOGIN_APPLE_ISSUER) and signs in by OpenID Connect from its
 * discovery document, with a client secret it signs from the key for each token request. The
 * private key is never answered.
 */
export const appleProviderType: ProviderTypeRules = {
  providerName: 'SignInWithApple',
  async checkDetails(details, { services }) {
    const taken = takenDetails('SignInWithApple', details, [
      'client_id',
      'team_id',
      'key_id',
      'private_key',
      'authorize_scopes',
    ])
    checkScopes('SignInWithApple', taken.authorize_scopes!, ['email', 'name', 'openid'])
    if (!(await isApplePrivateKey(taken.private_key!)))
      throw new InvalidParameterException(
        'ProviderDetails private_key is not an EC P-256 private key in PKCS #8 (the .p8 file).',
      )
    const issuer = (services.socialEndpoints ?? PUBLIC_SOCIAL_ENDPOINTS).appleIssuer
    const apples = issuer === PUBLIC_SOCIAL_ENDPOINTS.appleIssuer
    return {
      ...taken,
      private_key: applePrivateKeyPem(taken.private_key!),
      oidc_issuer: issuer,
      ...(apples
        ? {
            authorize_url: 'https://appleid.apple.com/auth/authorize',
            token_url: 'https://appleid.apple.com/auth/token',
          }
        : {}),
      attributes_url_add_attributes: 'false',
      token_request_method: 'POST',
    }
  },
  publicDetails: withoutKeys('private_key'),
}
