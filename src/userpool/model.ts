/**
 * The stored shapes of a user pool, its clients, groups and users. Pool and client records keep
 * Cognito's member names so that Describe* returns them as they are; dates are epoch seconds.
 */

export type AttributeDataType = 'String' | 'Number' | 'DateTime' | 'Boolean'

export interface SchemaAttribute {
  Name: string
  AttributeDataType: AttributeDataType
  DeveloperOnlyAttribute: boolean
  Mutable: boolean
  Required: boolean
  StringAttributeConstraints?: { MinLength?: string; MaxLength?: string }
  NumberAttributeConstraints?: { MinValue?: string; MaxValue?: string }
}

export interface PasswordPolicy {
  MinimumLength: number
  RequireUppercase: boolean
  RequireLowercase: boolean
  RequireNumbers: boolean
  RequireSymbols: boolean
  PasswordHistorySize?: number
  TemporaryPasswordValidityDays: number
}

export type VerifiedAttribute = 'email' | 'phone_number'
export type AliasAttribute = 'email' | 'phone_number' | 'preferred_username'
export type UsernameAttribute = 'email' | 'phone_number'

/** A factor a pool's sign-in policy may allow first (SignInPolicyType). */
export type FirstAuthFactor = 'PASSWORD' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN'

export interface UserPoolConfig {
  Id: string
  Name: string
  Arn: string
  CreationDate: number
  LastModifiedDate: number
  Policies: {
    PasswordPolicy: PasswordPolicy
    SignInPolicy?: {
      AllowedFirstAuthFactors: Array<'PASSWORD' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN'>
    }
  }
  DeletionProtection: 'ACTIVE' | 'INACTIVE'
  SchemaAttributes: SchemaAttribute[]
  AutoVerifiedAttributes?: VerifiedAttribute[]
  AliasAttributes?: AliasAttribute[]
  UsernameAttributes?: UsernameAttribute[]
  UsernameConfiguration?: { CaseSensitive: boolean }
  AdminCreateUserConfig: {
    AllowAdminCreateUserOnly: boolean
    UnusedAccountValidityDays?: number
    InviteMessageTemplate?: { SMSMessage?: string; EmailMessage?: string; EmailSubject?: string }
  }
  VerificationMessageTemplate: {
    SmsMessage?: string
    EmailMessage?: string
    EmailSubject?: string
    EmailMessageByLink?: string
    EmailSubjectByLink?: string
    DefaultEmailOption: 'CONFIRM_WITH_LINK' | 'CONFIRM_WITH_CODE'
  }
  MfaConfiguration: 'OFF' | 'ON' | 'OPTIONAL'
  /** Members we keep and echo but do not act on yet (LambdaConfig, EmailConfiguration, tags, …). */
  Extra: Record<string, unknown>
  /** Ours: how many directory partitions hold this pool's users; fixed at creation. */
  partitions: number
  /** SetUserPoolMfaConfig's SoftwareTokenMfaConfiguration.Enabled: TOTP authenticators may be used. */
  softwareTokenMfa?: boolean
  /** SetUserPoolMfaConfig's SmsMfaConfiguration: codes by SMS may be a second factor (its message and SNS settings stay in `Extra`). */
  smsMfa?: boolean
  /** SetUserPoolMfaConfig's EmailMfaConfiguration: codes by email may be a second factor, with this text. */
  emailMfa?: { Message?: string; Subject?: string }
  /** SetUserPoolMfaConfig's WebAuthnConfiguration: the passkeys' relying party and what they must prove. */
  webAuthn?: WebAuthnConfiguration
}

/** WebAuthnConfigurationType as stored; without a RelyingPartyId the pool's host stands in. */
export interface WebAuthnConfiguration {
  RelyingPartyId?: string
  UserVerification: 'required' | 'preferred'
  FactorConfiguration?: 'SINGLE_FACTOR' | 'MULTI_FACTOR_WITH_USER_VERIFICATION'
}

/**
 * A user's registered passkey, in the user's partition under
 * `directoryKeys.webAuthnCredential(sub, credentialId)`: keyed by the sub, so a later user who
 * takes the same name never inherits it.
 */
export interface WebAuthnCredentialRecord {
  /** base64url, as the authenticator gave it. */
  credentialId: string
  /** The COSE public key, base64url. */
  publicKey: string
  /** The authenticator's signature counter as last seen (0 where it keeps none). */
  counter: number
  relyingPartyId: string
  friendlyName: string
  transports: string[]
  attachment?: 'platform' | 'cross-platform'
  /** Epoch ms. */
  createdAt: number
}

export type TimeUnit = 'seconds' | 'minutes' | 'hours' | 'days'
export type ExplicitAuthFlow =
  | 'ADMIN_NO_SRP_AUTH'
  | 'CUSTOM_AUTH_FLOW_ONLY'
  | 'USER_PASSWORD_AUTH'
  | 'ALLOW_ADMIN_USER_PASSWORD_AUTH'
  | 'ALLOW_CUSTOM_AUTH'
  | 'ALLOW_USER_PASSWORD_AUTH'
  | 'ALLOW_USER_SRP_AUTH'
  | 'ALLOW_REFRESH_TOKEN_AUTH'
  | 'ALLOW_USER_AUTH'

/** One of an app client's secrets (epoch seconds). */
export interface ClientSecretRecord {
  id: string
  value: string
  createdAt: number
}

export interface UserPoolClientConfig {
  UserPoolId: string
  ClientName: string
  ClientId: string
  /** The client's first live secret (what DescribeUserPoolClient shows); mirrors `secrets[0]`. */
  ClientSecret?: string
  /**
   * Every live secret, at most two (AddUserPoolClientSecret rotates); absent on clients stored
   * before rotation existed, whose one secret is ClientSecret. Any of them is accepted.
   */
  secrets?: ClientSecretRecord[]
  CreationDate: number
  LastModifiedDate: number
  RefreshTokenValidity: number
  AccessTokenValidity: number
  IdTokenValidity: number
  TokenValidityUnits: { AccessToken: TimeUnit; IdToken: TimeUnit; RefreshToken: TimeUnit }
  ReadAttributes?: string[]
  WriteAttributes?: string[]
  ExplicitAuthFlows: ExplicitAuthFlow[]
  SupportedIdentityProviders?: string[]
  CallbackURLs?: string[]
  LogoutURLs?: string[]
  DefaultRedirectURI?: string
  AllowedOAuthFlows?: Array<'code' | 'implicit' | 'client_credentials'>
  AllowedOAuthScopes?: string[]
  AllowedOAuthFlowsUserPoolClient: boolean
  AnalyticsConfiguration?: {
    ApplicationId?: string
    ApplicationArn?: string
    RoleArn?: string
    ExternalId?: string
    UserDataShared?: boolean
  }
  PreventUserExistenceErrors: 'LEGACY' | 'ENABLED'
  EnableTokenRevocation: boolean
  EnablePropagateAdditionalUserContextData: boolean
  AuthSessionValidity: number
  RefreshTokenRotation?: { Feature: 'ENABLED' | 'DISABLED'; RetryGracePeriodSeconds?: number }
}

export interface GroupConfig {
  GroupName: string
  UserPoolId: string
  Description?: string
  RoleArn?: string
  Precedence?: number
  CreationDate: number
  LastModifiedDate: number
}

/** A signing key as the pool DO keeps it: the private JWK sealed with the key-encryption key. */
export interface StoredSigningKey {
  kid: string
  publicJwk: Record<string, unknown>
  sealedPrivateJwk: string
  createdAt: number
}

/** A pool's signing keys: the active one signs, the next one is published before it is used. */
export interface PoolSigningKeys {
  active: StoredSigningKey
  next: StoredSigningKey
}

export type UserStatus =
  | 'UNCONFIRMED'
  | 'CONFIRMED'
  | 'FORCE_CHANGE_PASSWORD'
  | 'RESET_REQUIRED'
  | 'EXTERNAL_PROVIDER'
  | 'ARCHIVED'
  | 'COMPROMISED'
  | 'UNKNOWN'

/**
 * A one-time code, stored as a hash, with its expiry. The guesses made at it are counted in the
 * account's limiter object under `id`, never here, so a wrong guess writes nothing to the user.
 */
export interface PendingCode {
  /** SIGN_IN: a code sent during a sign-in (SMS or email MFA), valid for one sign-in session only. */
  purpose: 'SIGN_UP' | 'FORGOT_PASSWORD' | 'VERIFY_ATTRIBUTE' | 'SIGN_IN'
  /** Random, per code (absent on codes stored before codes had ids: their hash stands in). */
  id?: string
  codeHash: string
  expiresAt: number
  /** The attribute the code was sent through (for VERIFY_ATTRIBUTE: the one it verifies). */
  attribute?: string
  /** For VERIFY_ATTRIBUTE: the address the code was sent to; a code verifies only that value. */
  sentTo?: string
}

export interface UserRecord {
  /** As stored and returned (for pools with UsernameAttributes this is the sub). */
  username: string
  sub: string
  status: UserStatus
  enabled: boolean
  /** All attributes but `sub`, values as strings the way Cognito returns them. */
  attributes: Record<string, string>
  passwordHash?: string
  /** The sealed SRP salt and verifier of the same password (USER_SRP_AUTH); absent for older passwords. */
  srpVerifier?: string
  /** The user's TOTP authenticator (verified): its sealed secret and the last time step accepted from it. */
  softwareToken?: { secret: string; lastStep: number; friendlyName?: string }
  /** A sealed TOTP secret handed out by AssociateSoftwareToken, waiting for VerifySoftwareToken. */
  pendingSoftwareToken?: string
  /** SetUserMFAPreference for TOTP: whether it is asked for at sign-in, and whether it is the preferred factor. */
  softwareTokenMfa?: { enabled: boolean; preferred: boolean }
  /** SetUserMFAPreference (or the legacy SetUserSettings) for codes by SMS. */
  smsMfa?: { enabled: boolean; preferred: boolean }
  /** SetUserMFAPreference for codes by email. */
  emailMfa?: { enabled: boolean; preferred: boolean }
  /**
   * SetUserMFAPreference's WebAuthnMfaSettings: passkey MFA on for the user, so every passkey
   * sign-in of theirs must verify the user (a pool with FactorConfiguration
   * MULTI_FACTOR_WITH_USER_VERIFICATION only). It has no preferred flag: it applies only when a
   * passkey is the first factor.
   */
  webAuthnMfa?: { enabled: boolean }
  /** Epoch ms after which a temporary password (FORCE_CHANGE_PASSWORD) no longer works. */
  temporaryPasswordExpiresAt?: number
  groups: string[]
  /** Epoch ms: tokens, sessions and codes begun before this are revoked (GlobalSignOut, disabling, password resets). */
  tokensValidAfter?: number
  codes: PendingCode[]
  createdAt: number
  updatedAt: number
}

/**
 * A refresh-token family: one sign-in and the tokens refreshed from it. Lives in the user's
 * partition under `directoryKeys.refreshFamily(originJti)`; the token itself is kept only as a hash.
 */
export interface RefreshTokenFamily {
  originJti: string
  username: string
  clientId: string
  currentHash: string
  /** The hash the last rotation replaced, accepted until `previousValidUntil` (grace window). */
  previousHash?: string
  previousValidUntil?: number
  /** Hashes rotated out before `previousHash`, newest first (bounded): presenting one revokes the family. */
  retiredHashes?: string[]
  authTime: number
  /** Scopes granted through OAuth; absent for JSON-API sign-ins (aws.cognito.signin.user.admin). */
  scopes?: string[]
  /** The sign-in's auth event: every token refreshed from the family keeps its `event_id`. */
  eventId?: string
  createdAt: number
  expiresAt: number
  revoked: boolean
  /** The device the sign-in was made on (pools that track devices): refreshing needs its key. */
  deviceKey?: string
}

/**
 * A device a sign-in was made on, in a pool that tracks devices. Lives in its user's partition
 * under `directoryKeys.device(sub, deviceKey)`. It is handed out at sign-in (NewDeviceMetadata)
 * unconfirmed, expiring with that sign-in's refresh token; ConfirmDevice stores its SRP verifier
 * and keeps it for good. Dates are epoch ms.
 */
export interface UserDevice {
  deviceKey: string
  /** The "pool name" of the device's SRP exchange (DeviceGroupKey). */
  deviceGroupKey: string
  /** The device's sealed SRP salt and verifier; absent until ConfirmDevice. */
  verifier?: string
  /** Whether the device may stand in for MFA (UpdateDeviceStatus `remembered`). */
  remembered: boolean
  name?: string
  lastIp?: string
  createdAt: number
  updatedAt: number
  lastAuthenticatedAt: number
  /** Until ConfirmDevice: when the unconfirmed record lapses (the sign-in's refresh-token expiry). */
  expiresAt?: number
}

/** Cognito's IdentityProviderType values. */
export type IdentityProviderType =
  | 'SAML'
  | 'Facebook'
  | 'Google'
  | 'LoginWithAmazon'
  | 'SignInWithApple'
  | 'OIDC'

/**
 * Cognito's IdentityProviderType; the types Portcullis federates with are those with rules in
 * src/userpool/identity-providers/types, the others are refused at creation.
 */
export interface IdentityProvider {
  UserPoolId: string
  ProviderName: string
  ProviderType: IdentityProviderType
  ProviderDetails: Record<string, string>
  /** Pool attribute → the provider's claim. */
  AttributeMapping: Record<string, string>
  IdpIdentifiers: string[]
  CreationDate: number
  LastModifiedDate: number
}

/** Cognito's ResourceServerType: custom scopes are `${Identifier}/${ScopeName}`. */
export interface ResourceServer {
  UserPoolId: string
  Identifier: string
  Name: string
  Scopes: Array<{ ScopeName: string; ScopeDescription: string }>
}

/** The hosted-UI customization of one client, or of the pool (`ClientId` "ALL"). */
export interface UICustomization {
  UserPoolId: string
  ClientId: string
  CSS?: string
  CSSVersion?: string
  logo?: { contentType: string; base64: string }
  CreationDate: number
  LastModifiedDate: number
}

/** A pool's hosted-UI domain: a prefix (`<prefix>.auth.<region>.…`) or a custom hostname. */
export interface PoolDomain {
  UserPoolId: string
  Domain: string
  custom: boolean
  /** 1: the classic hosted UI; 2: managed login (Portcullis serves the same pages for both). */
  ManagedLoginVersion?: number
  /** A custom domain's certificate, as CustomDomainConfig names it (TLS is the edge's business). */
  CustomDomainConfig?: {
    CertificateArn: string
    SecurityPolicy?: 'TLS_V1' | 'TLS_V1_2_2021' | 'TLS_V1_3_2025'
  }
}
