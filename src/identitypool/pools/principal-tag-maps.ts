import { InvalidParameterException } from '../../errors/cognito'
import type { UserPoolServices } from '../../userpool/services'
import { oidcProviderKey, userPoolOfProvider, userPoolProviderKey } from '../logins/providers'
import type { IdentityPoolConfig, PrincipalTagMap } from '../model'
import { changeIdentityPool, requireIdentityPool } from '../store/pool-repository'

/** What GetPrincipalTagAttributeMap and SetPrincipalTagAttributeMap answer. */
export interface PrincipalTagMapView {
  IdentityPoolId: string
  IdentityProviderName: string
  UseDefaults: boolean
  PrincipalTags: Record<string, string>
}

/**
 * Cognito's default maps (the developer guide's "Default provider mappings"): the user's id as
 * `username` and the app's client id as `client`. Login with Amazon names its user `user_id`;
 * every other provider Portcullis can name (user pools, OpenID Connect, Google, Apple, Facebook,
 * Twitter) `sub`, with the client in `aud`.
 */
export function defaultPrincipalTags(providerKey: string): Record<string, string> {
  return providerKey === 'www.amazon.com'
    ? { username: 'user_id', client: 'aud' }
    : { username: 'sub', client: 'aud' }
}

/** IAM's characters for a tag key (STS refuses a session tag key outside them). */
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u

/**
 * The key a provider's map is stored under: a user pool of the pool (either spelling) under its
 * AWS spelling, an OpenID Connect provider of the pool (by ARN or issuer key) under its issuer
 * key, a supported public provider by its name. Anything else, the developer provider included
 * (its tags come with its token), is not a provider a map can be set for.
 */
function providerKeyOf(pool: IdentityPoolConfig, name: string): string {
  const userPool = userPoolOfProvider(name)
  if (
    userPool &&
    pool.CognitoIdentityProviders.some(
      (p) => userPoolOfProvider(p.ProviderName)?.userPoolId === userPool.userPoolId,
    )
  )
    return userPoolProviderKey(userPool.userPoolId)
  const oidc = pool.OpenIdConnectProviderARNs.find(
    (arn) => arn === name || oidcProviderKey(arn) === name,
  )
  if (oidc) return oidcProviderKey(oidc)!
  if (Object.hasOwn(pool.SupportedLoginProviders, name)) return name
  throw new InvalidParameterException(
    `${name.slice(0, 128)} is not an identity provider of this identity pool.`,
  )
}

/** The map a provider's logins are tagged by: its defaults, its custom map, or none ({}). */
export function principalTagMapOf(
  pool: IdentityPoolConfig,
  providerKey: string,
): Record<string, string> {
  const map = pool.principalTagMaps?.[providerKey]
  if (!map) return {}
  return map.UseDefaults ? defaultPrincipalTags(providerKey) : map.PrincipalTags
}

const view = (
  pool: IdentityPoolConfig,
  name: string,
  providerKey: string,
): PrincipalTagMapView => ({
  IdentityPoolId: pool.IdentityPoolId,
  IdentityProviderName: name,
  UseDefaults: pool.principalTagMaps?.[providerKey]?.UseDefaults ?? false,
  PrincipalTags: { ...principalTagMapOf(pool, providerKey) },
})

/**
 * GetPrincipalTagAttributeMap: a provider's map. One never set is Cognito's "inactive": no
 * defaults, no tags.
 */
export async function getPrincipalTagAttributeMap(
  services: UserPoolServices,
  identityPoolId: string,
  providerName: string,
): Promise<PrincipalTagMapView> {
  const pool = await requireIdentityPool(services, identityPoolId)
  return view(pool, providerName, providerKeyOf(pool, providerName))
}

/**
 * SetPrincipalTagAttributeMap: replaces a provider's map. With UseDefaults the provider's
 * defaults apply and PrincipalTags is not kept (the answer shows the defaults); without it,
 * PrincipalTags is the map (none: the provider gives no tags).
 */
export async function setPrincipalTagAttributeMap(
  services: UserPoolServices,
  identityPoolId: string,
  providerName: string,
  input: { UseDefaults?: boolean; PrincipalTags?: Record<string, string> },
): Promise<PrincipalTagMapView> {
  const useDefaults = input.UseDefaults === true
  const tags = useDefaults ? {} : { ...(input.PrincipalTags ?? {}) }
  for (const key of Object.keys(tags))
    if (!TAG_KEY.test(key))
      throw new InvalidParameterException(
        `Invalid principal tag key: ${key.slice(0, 128)}. Tag keys may contain letters, digits, spaces and _.:/=+-@.`,
      )
  const map: PrincipalTagMap = { UseDefaults: useDefaults, PrincipalTags: tags }
  let key = ''
  const pool = await changeIdentityPool(services, identityPoolId, (current) => {
    key = providerKeyOf(current, providerName)
    return { ...current, principalTagMaps: { ...current.principalTagMaps, [key]: map } }
  })
  return view(pool, providerName, key)
}
