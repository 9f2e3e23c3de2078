import type { IdentityProviderType } from '../../model'
import { amazonProviderType } from './amazon-provider-type'
import { appleProviderType } from './apple-provider-type'
import { facebookProviderType } from './facebook-provider-type'
import { googleProviderType } from './google-provider-type'
import { oidcProviderType } from './oidc-provider-type'
import { samlProviderType } from './saml-provider-type'
import type { ProviderTypeRules, SupportedProviderTypes } from './provider-type'

/** Each provider type Portcullis federates with, by Cognito's ProviderType. */
const PROVIDER_TYPES: SupportedProviderTypes = {
  OIDC: oidcProviderType,
  Google: googleProviderType,
  SignInWithApple: appleProviderType,
  Facebook: facebookProviderType,
  LoginWithAmazon: amazonProviderType,
  SAML: samlProviderType,
}

/** The rules of a provider type, or null for a type this server does not federate with. */
export function providerTypeRules(type: string): ProviderTypeRules | null {
  return PROVIDER_TYPES[type as IdentityProviderType] ?? null
}
