import type { OidcProviderRecord } from '../model'
import type { IamServices } from '../services'
import { cachedRecord, invalidateIamCache } from './iam-cache'
import { iamKeys } from './keys'
import { listPage, type Page } from './pages'
import type { Outcome } from './roles-repository'

/** The provider whose ARN resource is `resource` (already normalised by the caller). */
export function findOidcProvider(
  services: IamServices,
  resource: string,
): Promise<OidcProviderRecord | null> {
  return cachedRecord<OidcProviderRecord>(services, iamKeys.oidcProvider(resource))
}

/** How many OIDC providers the account has (for its quota). */
export function countOidcProviders(services: IamServices): Promise<number> {
  return services.stores.iam().count(iamKeys.oidcProviderPrefix)
}

/** Creates a provider; false when one for that issuer exists. */
export async function insertOidcProvider(
  services: IamServices,
  resource: string,
  provider: OidcProviderRecord,
): Promise<boolean> {
  const key = iamKeys.oidcProvider(resource)
  const result = await services.stores
    .iam()
    .commit({ expect: [{ key, version: 0 }], put: [{ key, value: provider }] })
  invalidateIamCache(services)
  return result.ok
}

/** Replaces a provider by what `change` makes of it, if nobody wrote it meanwhile. */
export async function updateOidcProvider(
  services: IamServices,
  resource: string,
  change: (provider: OidcProviderRecord) => OidcProviderRecord,
): Promise<Outcome<'no-provider' | 'conflict'>> {
  const store = services.stores.iam()
  const key = iamKeys.oidcProvider(resource)
  const current = await store.get<OidcProviderRecord>(key)
  if (!current) return { ok: false, refusal: 'no-provider' }
  const result = await store.commit({
    expect: [{ key, version: current.version }],
    put: [{ key, value: change(current.value) }],
  })
  invalidateIamCache(services)
  return result.ok ? { ok: true } : { ok: false, refusal: 'conflict' }
}

/** Deletes a provider; deleting one that is not there is done too (IAM's delete is idempotent). */
export async function deleteOidcProvider(services: IamServices, resource: string): Promise<void> {
  await services.stores.iam().commit({ delete: [iamKeys.oidcProvider(resource)] })
  invalidateIamCache(services)
}

/** Every provider, in resource order (an account has at most 100). */
export function listOidcProviders(services: IamServices): Promise<Page<OidcProviderRecord>> {
  return listPage<OidcProviderRecord>(services.stores.iam(), iamKeys.oidcProviderPrefix, {
    limit: 1000,
  })
}
