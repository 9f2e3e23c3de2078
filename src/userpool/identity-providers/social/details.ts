import { InvalidParameterException } from '../../../errors/cognito'

/**
 * The ProviderDetails keys Cognito fills in itself for a social provider (the endpoints and how it
 * calls them). Given at Create or Update they are ignored and made again, so that a provider of a
 * social type only ever talks to the configured provider.
 */
const COMPUTED_KEYS = [
  'authorize_url',
  'token_url',
  'attributes_url',
  'attributes_url_add_attributes',
  'token_request_method',
  'oidc_issuer',
]

/**
 * The details a social type takes from the caller, checked: each of `required` present and
 * non-empty, nothing beyond `required`, `optional` and the computed keys, no value over 131072
 * characters (Cognito's limit on a details value). Returns the given keys only.
 */
export function takenDetails(
  type: string,
  details: Record<string, string>,
  required: readonly string[],
  optional: readonly string[] = [],
): Record<string, string> {
  const taken: Record<string, string> = {}
  for (const [key, value] of Object.entries(details)) {
    if (COMPUTED_KEYS.includes(key)) continue
    if (!required.includes(key) && !optional.includes(key))
      throw new InvalidParameterException(`ProviderDetails of ${type} has no key ${key}.`)
    if (value.length > 131_072)
      throw new InvalidParameterException(`ProviderDetails ${key} is too long.`)
    taken[key] = value
  }
  for (const key of required)
    if (!taken[key]?.trim())
      throw new InvalidParameterException(`ProviderDetails is missing ${key}.`)
  return taken
}

/** Scopes as Cognito takes them for a provider: separated by spaces (Facebook's also by commas). */
export function scopesOf(scopes: string): string[] {
  return scopes.split(/[\s,]+/).filter(Boolean)
}

/** Refuses a scope outside `allowed` (when given) or one with characters no provider takes. */
export function checkScopes(type: string, scopes: string, allowed?: readonly string[]): void {
  const list = scopesOf(scopes)
  if (list.length === 0)
    throw new InvalidParameterException('ProviderDetails authorize_scopes is empty.')
  for (const scope of list) {
    if (!/^[\x21\x23-\x5b\x5d-\x7e]{1,256}$/.test(scope) || (allowed && !allowed.includes(scope)))
      throw new InvalidParameterException(
        `ProviderDetails authorize_scopes: ${scope.slice(0, 60)} is not a scope of ${type}${allowed ? ` (${allowed.join(', ')})` : ''}.`,
      )
  }
}

/** The details without the secrets Portcullis never answers with. */
export const withoutKeys =
  (...keys: string[]) =>
  (details: Record<string, string>): Record<string, string> =>
    Object.fromEntries(Object.entries(details).filter(([key]) => !keys.includes(key)))
