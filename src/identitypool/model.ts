/** A user pool an identity pool accepts ID tokens from (Cognito's CognitoIdentityProvider). */
export interface CognitoIdentityProviderConfig {
  /** `cognito-idp.{region}.amazonaws.com/{userPoolId}`, or `{host}/{userPoolId}`. */
  ProviderName: string
  ClientId: string
  ServerSideTokenCheck: boolean
}

/** What CreateIdentityPool and UpdateIdentityPool set, as Cognito names it. */
export interface IdentityPoolSettings {
  IdentityPoolName: string
  AllowUnauthenticatedIdentities: boolean
  AllowClassicFlow: boolean
  SupportedLoginProviders: Record<string, string>
  DeveloperProviderName?: string
  OpenIdConnectProviderARNs: string[]
  CognitoIdentityProviders: CognitoIdentityProviderConfig[]
  IdentityPoolTags: Record<string, string>
}

/** One identity pool as stored. */
export interface IdentityPoolConfig extends IdentityPoolSettings {
  IdentityPoolId: string
  /** Identity-directory partitions, fixed at creation. */
  partitions: number
  /** Epoch seconds. */
  creationDate: number
}

/**
 * A login linked to an identity: the provider as Cognito keys it in `Logins` (a user pool always
 * as `cognito-idp.{region}.amazonaws.com/{userPoolId}`, however the caller spelled it) and the
 * provider's subject (a user's `sub`, a developer user identifier).
 */
export interface Login {
  provider: string
  subject: string
}

/** One identity of an identity pool. */
export interface IdentityRecord {
  IdentityId: string
  IdentityPoolId: string
  /** No logins: an unauthenticated (guest) identity. */
  logins: Login[]
  /** Epoch seconds. */
  creationDate: number
  lastModifiedDate: number
  /** Set when the identity was merged into another: it keeps its id, but nothing signs in as it. */
  mergedInto?: string
}
