import { InvalidOAuthFlowException, InvalidParameterException } from '../../errors/cognito'
import { newClientId, newClientSecret } from '../pools/ids'
import type { ExplicitAuthFlow, TimeUnit, UserPoolClientConfig, UserPoolConfig } from '../model'
import { requireClient, requirePool } from '../store/pool-repository'
import { clientRecords } from '../store/pool-store'
import { epochSeconds, type UserPoolServices } from '../services'
import { findIdentityProvider } from '../identity-providers/identity-providers'

/** The settable members of an app client (CreateUserPoolClient / UpdateUserPoolClient). */
export type ClientSettings = Partial<
  Omit<
    UserPoolClientConfig,
    | 'UserPoolId'
    | 'ClientId'
    | 'ClientSecret'
    | 'CreationDate'
    | 'LastModifiedDate'
    | 'TokenValidityUnits'
  >
> & {
  TokenValidityUnits?: Partial<UserPoolClientConfig['TokenValidityUnits']>
}

const SECONDS: Record<TimeUnit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 }

/** A validity in seconds, from a value in the client's unit. */
export const validitySeconds = (value: number, unit: TimeUnit): number => value * SECONDS[unit]

const LEGACY_FLOWS: ReadonlySet<ExplicitAuthFlow> = new Set([
  'ADMIN_NO_SRP_AUTH',
  'CUSTOM_AUTH_FLOW_ONLY',
  'USER_PASSWORD_AUTH',
])

/** Cognito's defaults when a client is created (or updated) without ExplicitAuthFlows. */
const DEFAULT_FLOWS: ExplicitAuthFlow[] = [
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_CUSTOM_AUTH',
]

/** Cognito's rule: legacy flow names and ALLOW_* names cannot be mixed in one client. */
function checkFlows(flows: ExplicitAuthFlow[]): void {
  const legacy = flows.filter((f) => LEGACY_FLOWS.has(f))
  if (legacy.length > 0 && legacy.length < flows.length) {
    throw new InvalidParameterException(
      'The combination of ExplicitAuthFlows values is invalid: legacy values cannot be mixed with ALLOW_ values.',
    )
  }
}

/**
 * Whether a client allows a flow, reading legacy names the way Cognito maps them
 * (USER_PASSWORD_AUTH ⇒ ALLOW_USER_PASSWORD_AUTH, ADMIN_NO_SRP_AUTH ⇒ ALLOW_ADMIN_USER_PASSWORD_AUTH,
 * CUSTOM_AUTH_FLOW_ONLY ⇒ ALLOW_CUSTOM_AUTH;
 * legacy clients always allow SRP and refresh).
 */
export function clientAllowsFlow(
  client: UserPoolClientConfig,
  flow:
    | 'ALLOW_USER_PASSWORD_AUTH'
    | 'ALLOW_ADMIN_USER_PASSWORD_AUTH'
    | 'ALLOW_REFRESH_TOKEN_AUTH'
    | 'ALLOW_USER_SRP_AUTH'
    | 'ALLOW_CUSTOM_AUTH'
    | 'ALLOW_USER_AUTH',
): boolean {
  const flows = client.ExplicitAuthFlows
  if (flows.includes(flow)) return true
  const legacy = flows.some((f) => LEGACY_FLOWS.has(f))
  if (!legacy) return false
  if (flow === 'ALLOW_REFRESH_TOKEN_AUTH' || flow === 'ALLOW_USER_SRP_AUTH') return true
  if (flow === 'ALLOW_USER_PASSWORD_AUTH') return flows.includes('USER_PASSWORD_AUTH')
  if (flow === 'ALLOW_CUSTOM_AUTH') return flows.includes('CUSTOM_AUTH_FLOW_ONLY')
  return flows.includes('ADMIN_NO_SRP_AUTH')
}

function isAllowedRedirect(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.hash) return false
  if (parsed.protocol === 'https:') return true
  // Plain HTTP only for the loopback host, as Cognito allows for development; app schemes pass.
  if (parsed.protocol === 'http:')
    return (
      parsed.hostname === 'localhost' ||
      parsed.hostname === '127.0.0.1' ||
      parsed.hostname === '[::1]'
    )
  return (
    /^[a-z][a-z0-9+.-]*:$/.test(parsed.protocol) &&
    parsed.protocol !== 'javascript:' &&
    parsed.protocol !== 'data:'
  )
}

function checkOAuth(settings: ClientSettings): void {
  for (const url of [...(settings.CallbackURLs ?? []), ...(settings.LogoutURLs ?? [])]) {
    if (!isAllowedRedirect(url))
      throw new InvalidParameterException(
        `Invalid redirect URL ${url}: https is required except for localhost, and fragments are not allowed.`,
      )
  }
  if (
    settings.DefaultRedirectURI &&
    !(settings.CallbackURLs ?? []).includes(settings.DefaultRedirectURI)
  ) {
    throw new InvalidParameterException('DefaultRedirectURI must be one of the CallbackURLs.')
  }
  const flows = settings.AllowedOAuthFlows ?? []
  if (flows.includes('client_credentials') && flows.length > 1) {
    throw new InvalidOAuthFlowException(
      'client_credentials flow can not be selected along with code flow or implicit flow.',
    )
  }
  if (settings.AllowedOAuthFlowsUserPoolClient) {
    if (flows.length === 0)
      throw new InvalidOAuthFlowException(
        'AllowedOAuthFlows must be set when AllowedOAuthFlowsUserPoolClient is true.',
      )
    if (
      (flows.includes('code') || flows.includes('implicit')) &&
      (settings.CallbackURLs ?? []).length === 0
    ) {
      throw new InvalidParameterException(
        'CallbackURLs are required for the code and implicit flows.',
      )
    }
  }
}

function checkAttributes(pool: UserPoolConfig, names: string[] | undefined, label: string): void {
  for (const name of names ?? []) {
    if (!pool.SchemaAttributes.some((a) => a.Name === name) || name.startsWith('dev:')) {
      throw new InvalidParameterException(`Invalid ${label} specified: ${name}`)
    }
  }
}

/** Applies Cognito's defaults and ranges to client settings; omitted members take their defaults. */
function normalizeSettings(
  pool: UserPoolConfig,
  settings: ClientSettings,
): Omit<
  UserPoolClientConfig,
  'UserPoolId' | 'ClientId' | 'ClientSecret' | 'CreationDate' | 'LastModifiedDate' | 'ClientName'
> {
  // Cognito's defaults: 60 minutes for access and ID tokens, 30 days for refresh tokens.
  const units = {
    AccessToken: 'minutes',
    IdToken: 'minutes',
    RefreshToken: 'days',
    ...(settings.TokenValidityUnits ?? {}),
  } as UserPoolClientConfig['TokenValidityUnits']
  const access = settings.AccessTokenValidity ?? validityIn(3600, units.AccessToken)
  const id = settings.IdTokenValidity ?? validityIn(3600, units.IdToken)
  const refresh = settings.RefreshTokenValidity ?? validityIn(30 * 86400, units.RefreshToken)
  const accessSeconds = validitySeconds(access, units.AccessToken)
  const idSeconds = validitySeconds(id, units.IdToken)
  const refreshSeconds = validitySeconds(refresh, units.RefreshToken)
  if (accessSeconds < 300 || accessSeconds > 86400)
    throw new InvalidParameterException(
      'Access token validity must be between 5 minutes and 1 day.',
    )
  if (idSeconds < 300 || idSeconds > 86400)
    throw new InvalidParameterException('ID token validity must be between 5 minutes and 1 day.')
  if (refreshSeconds < 3600 || refreshSeconds > 315360000)
    throw new InvalidParameterException(
      'Refresh token validity must be between 60 minutes and 10 years.',
    )
  if (refreshSeconds <= accessSeconds || refreshSeconds <= idSeconds)
    throw new InvalidParameterException(
      'Refresh token validity must be greater than the access and ID token validity.',
    )
  const flows =
    settings.ExplicitAuthFlows && settings.ExplicitAuthFlows.length > 0
      ? [...new Set(settings.ExplicitAuthFlows)]
      : DEFAULT_FLOWS
  checkFlows(flows)
  checkOAuth(settings)
  checkAttributes(pool, settings.ReadAttributes, 'read attributes')
  checkAttributes(pool, settings.WriteAttributes, 'write attributes')
  if (
    settings.WriteAttributes?.some((name) =>
      ['email_verified', 'phone_number_verified'].includes(name),
    )
  ) {
    throw new InvalidParameterException(
      'Invalid write attributes specified: verification flags are not writable by clients.',
    )
  }
  return {
    RefreshTokenValidity: refresh,
    AccessTokenValidity: access,
    IdTokenValidity: id,
    TokenValidityUnits: units,
    ...(settings.ReadAttributes ? { ReadAttributes: settings.ReadAttributes } : {}),
    ...(settings.WriteAttributes ? { WriteAttributes: settings.WriteAttributes } : {}),
    ExplicitAuthFlows: flows,
    ...(settings.SupportedIdentityProviders
      ? { SupportedIdentityProviders: settings.SupportedIdentityProviders }
      : {}),
    ...(settings.CallbackURLs ? { CallbackURLs: settings.CallbackURLs } : {}),
    ...(settings.LogoutURLs ? { LogoutURLs: settings.LogoutURLs } : {}),
    ...(settings.DefaultRedirectURI ? { DefaultRedirectURI: settings.DefaultRedirectURI } : {}),
    ...(settings.AllowedOAuthFlows ? { AllowedOAuthFlows: settings.AllowedOAuthFlows } : {}),
    ...(settings.AllowedOAuthScopes ? { AllowedOAuthScopes: settings.AllowedOAuthScopes } : {}),
    AllowedOAuthFlowsUserPoolClient: settings.AllowedOAuthFlowsUserPoolClient ?? false,
    ...(settings.AnalyticsConfiguration
      ? { AnalyticsConfiguration: settings.AnalyticsConfiguration }
      : {}),
    PreventUserExistenceErrors: settings.PreventUserExistenceErrors ?? 'LEGACY',
    EnableTokenRevocation: settings.EnableTokenRevocation ?? true,
    EnablePropagateAdditionalUserContextData:
      settings.EnablePropagateAdditionalUserContextData ?? false,
    AuthSessionValidity: settings.AuthSessionValidity ?? 3,
    RefreshTokenRotation: settings.RefreshTokenRotation ?? {
      Feature: 'DISABLED',
      RetryGracePeriodSeconds: 0,
    },
  }
}

const validityIn = (seconds: number, unit: TimeUnit): number =>
  Math.max(1, Math.floor(seconds / SECONDS[unit]))

/** Whether the hosted UI offers the pool's own sign-in (password, sign-up, reset) for this client: COGNITO listed, or no list at all. */
export function offersLocalSignIn(client: UserPoolClientConfig): boolean {
  return !client.SupportedIdentityProviders || client.SupportedIdentityProviders.includes('COGNITO')
}

/** The federated providers the app client offers besides the pool's own users. */
export const externalProviders = (client: UserPoolClientConfig): string[] =>
  (client.SupportedIdentityProviders ?? []).filter((name) => name !== 'COGNITO')

/** SupportedIdentityProviders may name COGNITO and the pool's own identity providers, nothing else. */
async function checkSupportedProviders(
  services: UserPoolServices,
  pool: UserPoolConfig,
  names: string[] | undefined,
): Promise<void> {
  for (const name of names ?? []) {
    if (name !== 'COGNITO' && !(await findIdentityProvider(services, pool, name)))
      throw new InvalidParameterException(
        `The provider ${name} does not exist for User Pool ${pool.Id}`,
      )
  }
}

/** CreateUserPoolClient. The registry's client → pool index is written before the client itself. */
export async function createClient(
  services: UserPoolServices,
  poolId: string,
  settings: ClientSettings & {
    ClientName: string
    GenerateSecret?: boolean
    ClientSecret?: string
  },
): Promise<UserPoolClientConfig> {
  const pool = await requirePool(services, poolId)
  await checkSupportedProviders(services, pool, settings.SupportedIdentityProviders)
  const now = epochSeconds(services)
  const clientId = newClientId()
  const secret = settings.ClientSecret ?? (settings.GenerateSecret ? newClientSecret() : undefined)
  const client: UserPoolClientConfig = {
    UserPoolId: pool.Id,
    ClientName: settings.ClientName,
    ClientId: clientId,
    ...(secret ? { ClientSecret: secret } : {}),
    CreationDate: now,
    LastModifiedDate: now,
    ...normalizeSettings(pool, settings),
  }
  await clientRecords.create(services, pool.Id, client)
  return client
}

/** UpdateUserPoolClient: members not given return to their defaults, as in Cognito. */
export async function updateClient(
  services: UserPoolServices,
  poolId: string,
  clientId: string,
  settings: ClientSettings,
): Promise<UserPoolClientConfig> {
  const pool = await requirePool(services, poolId)
  return clientRecords.replace(services, pool.Id, clientId, async (current) => {
    await checkSupportedProviders(services, pool, settings.SupportedIdentityProviders)
    return {
      UserPoolId: pool.Id,
      ClientId: clientId,
      ClientName: settings.ClientName ?? current.ClientName,
      ...(current.ClientSecret ? { ClientSecret: current.ClientSecret } : {}),
      ...(current.secrets ? { secrets: current.secrets } : {}),
      CreationDate: current.CreationDate,
      LastModifiedDate: epochSeconds(services),
      ...normalizeSettings(pool, settings),
    }
  })
}

export async function deleteClient(
  services: UserPoolServices,
  poolId: string,
  clientId: string,
): Promise<void> {
  const pool = await requirePool(services, poolId)
  await requireClient(services, pool.Id, clientId)
  await clientRecords.remove(services, pool.Id, clientId)
}

/** ListUserPoolClients: pages in client-id order; the token is the last id of the previous page. */
export async function listClients(
  services: UserPoolServices,
  poolId: string,
  limit: number,
  after: string | undefined,
): Promise<{ clients: UserPoolClientConfig[]; next?: string }> {
  const pool = await requirePool(services, poolId)
  const page = await clientRecords.list(services, pool.Id, limit, after)
  return page.next ? { clients: page.records, next: page.next } : { clients: page.records }
}
