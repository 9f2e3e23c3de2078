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
  /** Set by SetIdentityPoolRoles; absent until then. */
  roles?: IdentityPoolRoles
  /**
   * SetPrincipalTagAttributeMap's maps by provider key (a user pool under its AWS spelling, an
   * OpenID Connect provider by its issuer key); a provider without one gives no tags.
   */
  principalTagMaps?: Record<string, PrincipalTagMap>
}

/** How a provider's token claims become session tags (Cognito's attributes for access control). */
export interface PrincipalTagMap {
  /** The provider's default map (`username` and `client`) rather than PrincipalTags. */
  UseDefaults: boolean
  /** Tag key → the claim whose value it takes. */
  PrincipalTags: Record<string, string>
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
  /**
   * Epoch seconds: sessions vended for this identity at or before it are revoked (a login was
   * unlinked, or the identity was merged away), as IAM's "revoke older sessions".
   */
  revokedBefore?: number
}

/** How a role-mapping rule compares a token claim with its value. */
export type MappingRuleMatchType = 'Equals' | 'Contains' | 'StartsWith' | 'NotEqual'

/** A rule of a Rules role mapping: the first rule whose claim matches chooses the role. */
export interface MappingRule {
  Claim: string
  MatchType: MappingRuleMatchType
  Value: string
  RoleARN: string
}

/** How the users of one login provider are given roles (Cognito's RoleMapping). */
export interface RoleMappingConfig {
  Type: 'Token' | 'Rules'
  AmbiguousRoleResolution: 'AuthenticatedRole' | 'Deny'
  RulesConfiguration?: { Rules: MappingRule[] }
}

/** What SetIdentityPoolRoles sets: default roles by kind, and role mappings by provider key. */
export interface IdentityPoolRoles {
  Roles: { authenticated?: string; unauthenticated?: string }
  RoleMappings: Record<string, RoleMappingConfig>
}
