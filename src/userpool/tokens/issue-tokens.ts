import type { JWTPayload } from 'jose'
import { toBase64Url } from '../../crypto/encoding'
import { readableAttributes } from '../attributes/attributes'
import { validitySeconds } from '../clients/clients'
import { groupClaims } from '../groups/group-claims'
import type { UserPoolClientConfig, UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { signWithPoolKey } from '../pools/signing'
import { startRefreshFamily } from './refresh-tokens'
import { postAuthentication } from '../triggers/post-authentication'
import { customizeUserTokens, type TokenGenerationRequest } from '../triggers/pre-token-generation'
import {
  customizeClaims,
  customizeScopes,
  type TokenCustomization,
} from '../triggers/token-overrides'
import type { TriggerCaller } from '../triggers/trigger-event'

/** Cognito's AuthenticationResultType. */
export interface AuthenticationResult {
  AccessToken: string
  ExpiresIn: number
  TokenType: 'Bearer'
  IdToken: string
  RefreshToken?: string
  /** A sign-in on a new device, in a pool that tracks devices: the device to confirm. */
  NewDeviceMetadata?: { DeviceKey: string; DeviceGroupKey: string }
}

const BOOLEAN_ATTRIBUTES = new Set(['email_verified', 'phone_number_verified'])

/** A federated user's `identities` attribute (JSON) as the array Cognito puts in ID tokens. */
function parseIdentities(value: string): unknown {
  try {
    return JSON.parse(value) as unknown
  } catch {
    return value
  }
}

/** User attributes as ID-token claims: verification flags as booleans, updated_at as a number. */
function attributeClaims(attributes: Record<string, string>): Record<string, unknown> {
  const claims: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(attributes)) {
    if (BOOLEAN_ATTRIBUTES.has(name)) claims[name] = value === 'true'
    else if (name === 'updated_at' && /^\d+$/.test(value)) claims[name] = Number(value)
    else if (name === 'identities') claims[name] = parseIdentities(value)
    else claims[name] = value
  }
  return claims
}

export interface TokenContext {
  issuer: string
  originJti: string
  authTime: number
  /** OAuth: the granted scopes (access token `scope`); the JSON API grants aws.cognito.signin.user.admin. */
  scopes?: string[]
  /** OIDC: echoed into the ID token. */
  nonce?: string
  /** What PreTokenGeneration is told; TokenGeneration_Authentication when absent. */
  generation?: TokenGenerationRequest
  /** PreTokenGeneration's answer, when the caller ran it before a write (see userTokenCustomization). */
  customization?: TokenCustomization
  /** The sign-in's auth event (`event_id`), kept by its refresh family; a new id when absent. */
  eventId?: string
  /** The device the sign-in was made on: the access token's `device_key`. */
  deviceKey?: string
}

/** The JSON API's access-token scope. */
const SIGNIN_SCOPE = 'aws.cognito.signin.user.admin'

/**
 * Runs PreTokenGeneration for a user's tokens ahead of signing, so a caller can do it before it
 * writes a refresh family or consumes a code; pass the result to signUserTokens as `customization`.
 */
export async function userTokenCustomization(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  user: UserRecord,
  request: TokenGenerationRequest,
  scopes: string[] = [SIGNIN_SCOPE],
): Promise<TokenCustomization> {
  const groups = await groupClaims(services, pool, user)
  return customizeUserTokens(services, pool, client, user, groups, scopes, request)
}

/** OIDC Core §3.3.2.11: left half of SHA-256 of the access token, base64url. */
async function atHash(accessToken: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken)),
  )
  return toBase64Url(digest.subarray(0, 16))
}

/**
 * Signs the ID and access tokens for a user and client with Cognito's claims, as the pool's
 * PreTokenGeneration function customizes them (run here unless the caller ran it already).
 */
export async function signUserTokens(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  user: UserRecord,
  context: TokenContext,
): Promise<{ idToken: string; accessToken: string; expiresIn: number }> {
  const now = Math.floor(services.now() / 1000)
  const eventId = context.eventId ?? crypto.randomUUID()
  const groups = await groupClaims(services, pool, user)
  const scopes = context.scopes ?? [SIGNIN_SCOPE]
  const customization =
    context.customization ??
    (await customizeUserTokens(
      services,
      pool,
      client,
      user,
      groups,
      scopes,
      context.generation ?? { source: 'TokenGeneration_Authentication' },
    ))
  const accessSeconds = validitySeconds(
    client.AccessTokenValidity,
    client.TokenValidityUnits.AccessToken,
  )
  const idSeconds = validitySeconds(client.IdTokenValidity, client.TokenValidityUnits.IdToken)
  const idClaims: JWTPayload = customizeClaims(
    {
      ...attributeClaims(readableAttributes(client, user.attributes)),
      sub: user.sub,
      ...groups,
      iss: context.issuer,
      'cognito:username': user.username,
      origin_jti: context.originJti,
      aud: client.ClientId,
      event_id: eventId,
      token_use: 'id',
      auth_time: context.authTime,
      exp: now + idSeconds,
      iat: now,
      jti: crypto.randomUUID(),
    },
    'id',
    customization,
  )
  const accessClaims: JWTPayload = customizeClaims(
    {
      sub: user.sub,
      ...(groups['cognito:groups'] ? { 'cognito:groups': groups['cognito:groups'] } : {}),
      iss: context.issuer,
      client_id: client.ClientId,
      origin_jti: context.originJti,
      event_id: eventId,
      token_use: 'access',
      scope: customizeScopes(scopes, customization).join(' '),
      auth_time: context.authTime,
      exp: now + accessSeconds,
      iat: now,
      jti: crypto.randomUUID(),
      username: user.username,
      ...(context.deviceKey ? { device_key: context.deviceKey } : {}),
    },
    'access',
    customization,
  )
  const accessToken = await signWithPoolKey(services, pool.Id, accessClaims)
  if (context.nonce !== undefined) idClaims.nonce = context.nonce
  if (context.scopes !== undefined) idClaims.at_hash = await atHash(accessToken)
  const idToken = await signWithPoolKey(services, pool.Id, idClaims)
  return { idToken, accessToken, expiresIn: accessSeconds }
}

/** A sign-in's triggers: who asked, the RespondToAuthChallenge ClientMetadata, and the token source. */
export interface SignInTriggers {
  caller?: TriggerCaller
  clientMetadata?: Record<string, string>
  /** TokenGeneration_Authentication unless the tokens answer NEW_PASSWORD_REQUIRED. */
  source?: 'TokenGeneration_Authentication' | 'TokenGeneration_NewPasswordChallenge'
  /** The sign-in's auth event, recorded by threat protection: the tokens' `event_id`. */
  eventId?: string
}

/**
 * A full sign-in result: a new refresh-token family plus ID and access tokens bound to it. This is
 * where every JSON API sign-in completes (password, SRP, MFA, new password, and any flow added
 * later, such as CUSTOM_AUTH): PostAuthentication and then PreTokenGeneration run here, before the
 * family is written, so a flow gets both triggers by ending with this call (pass `triggers` for
 * the caller and RespondToAuthChallenge's ClientMetadata). `deviceKey` binds the family and the
 * access token to the device the sign-in was made on.
 */
export async function issueSignInTokens(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  user: UserRecord,
  issuer: string,
  triggers: SignInTriggers = {},
  deviceKey?: string,
): Promise<AuthenticationResult> {
  const caller = { clientId: client.ClientId, ...triggers.caller }
  await postAuthentication(services, pool, user, caller, triggers.clientMetadata)
  const customization = await userTokenCustomization(services, pool, client, user, {
    source: triggers.source ?? 'TokenGeneration_Authentication',
    caller,
    ...(triggers.clientMetadata ? { clientMetadata: triggers.clientMetadata } : {}),
  })
  const authTime = Math.floor(services.now() / 1000)
  // Every sign-in has an event id; threat protection's, when it recorded the sign-in.
  const eventId = triggers.eventId ?? crypto.randomUUID()
  const refreshSeconds = validitySeconds(
    client.RefreshTokenValidity,
    client.TokenValidityUnits.RefreshToken,
  )
  const { token, family } = await startRefreshFamily(
    services,
    pool,
    client,
    user.username,
    refreshSeconds,
    authTime,
    undefined,
    { eventId, ...(deviceKey ? { deviceKey } : {}) },
  )
  const signed = await signUserTokens(services, pool, client, user, {
    issuer,
    originJti: family.originJti,
    authTime,
    customization,
    eventId,
    ...(deviceKey ? { deviceKey } : {}),
  })
  return {
    AccessToken: signed.accessToken,
    ExpiresIn: signed.expiresIn,
    TokenType: 'Bearer',
    IdToken: signed.idToken,
    RefreshToken: token,
  }
}
