import {
  InvalidParameterException,
  PreconditionNotMetException,
  ResourceNotFoundException,
} from '../../errors/cognito'
import type {
  ImportJob,
  LogDeliveryConfiguration,
  ManagedLoginBranding,
  Terms,
} from '../operator-types'
import type { UserPoolServices } from '../services'
import { commitToPool } from './cached-stores'
import { poolKeys } from './pool-keys'
import { recordFamily } from './record-family'

/**
 * The pool store's repository for what operators configure and the sign-in path never reads:
 * user import jobs, managed-login styles, terms and the log-delivery configuration. None is cached.
 */

export const importJobRecords = recordFamily<ImportJob>({
  key: poolKeys.importJob,
  prefix: poolKeys.importJobs,
  idOf: (job) => job.JobId,
  cached: false,
  exists: (id) => new InvalidParameterException(`Import job ${id} exists.`),
  missing: (id) => new ResourceNotFoundException(`Import job ${id} does not exist.`),
  conflict: (id) =>
    new PreconditionNotMetException(`Import job ${id} was modified concurrently; try again.`),
})

/** Managed-login styles by id, and each app client's claim on its one style. */
export const brandingStore = {
  async find(services: UserPoolServices, poolId: string, id: string) {
    const stored = await services.stores
      .pool(poolId)
      .get<ManagedLoginBranding>(poolKeys.managedLoginBranding(id))
    return stored?.value ?? null
  },
  async idOfClient(services: UserPoolServices, poolId: string, clientId: string) {
    const stored = await services.stores
      .pool(poolId)
      .get<string>(poolKeys.managedLoginBrandingOfClient(clientId))
    return stored?.value ?? null
  },
  /** Stores a new style; false when its client has one already. */
  async create(services: UserPoolServices, style: ManagedLoginBranding): Promise<boolean> {
    const byClient = poolKeys.managedLoginBrandingOfClient(style.ClientId)
    const result = await commitToPool(services, style.UserPoolId, {
      expect: [{ key: byClient, version: 0 }],
      put: [
        { key: byClient, value: style.ManagedLoginBrandingId },
        { key: poolKeys.managedLoginBranding(style.ManagedLoginBrandingId), value: style },
      ],
    })
    return result.ok
  },
  async replace(services: UserPoolServices, style: ManagedLoginBranding): Promise<void> {
    await commitToPool(services, style.UserPoolId, {
      put: [{ key: poolKeys.managedLoginBranding(style.ManagedLoginBrandingId), value: style }],
    })
  },
  async remove(services: UserPoolServices, style: ManagedLoginBranding): Promise<void> {
    await commitToPool(services, style.UserPoolId, {
      delete: [
        poolKeys.managedLoginBranding(style.ManagedLoginBrandingId),
        poolKeys.managedLoginBrandingOfClient(style.ClientId),
      ],
    })
  },
}

/** Terms by id, and each app client's claim on a name (one document per name). */
export const termsStore = {
  async find(services: UserPoolServices, poolId: string, termsId: string) {
    return (await services.stores.pool(poolId).get<Terms>(poolKeys.terms(termsId)))?.value ?? null
  },
  /**
   * Writes a document, claiming its name for the client when it is new or renamed (`previous`);
   * false when the client has another document of that name.
   */
  async save(services: UserPoolServices, terms: Terms, previous?: Terms): Promise<boolean> {
    const claim = poolKeys.termsOfClient(terms.ClientId, terms.TermsName)
    const claiming = previous?.TermsName !== terms.TermsName
    const result = await commitToPool(services, terms.UserPoolId, {
      ...(claiming ? { expect: [{ key: claim, version: 0 }] } : {}),
      put: [
        { key: poolKeys.terms(terms.TermsId), value: terms },
        ...(claiming ? [{ key: claim, value: terms.TermsId }] : []),
      ],
      ...(previous && claiming
        ? { delete: [poolKeys.termsOfClient(previous.ClientId, previous.TermsName)] }
        : {}),
    })
    return result.ok
  },
  async remove(services: UserPoolServices, terms: Terms): Promise<void> {
    await commitToPool(services, terms.UserPoolId, {
      delete: [
        poolKeys.terms(terms.TermsId),
        poolKeys.termsOfClient(terms.ClientId, terms.TermsName),
      ],
    })
  },
  async list(services: UserPoolServices, poolId: string, limit: number, after?: string) {
    const page = await services.stores.pool(poolId).list<Terms>(poolKeys.termsList, {
      limit,
      ...(after ? { after: poolKeys.terms(after) } : {}),
    })
    const terms = page.records.map((r) => r.value)
    const last = terms[terms.length - 1]
    return page.next && last ? { terms, next: last.TermsId } : { terms }
  },
}

/** The pool's log-delivery configuration. */
export const logDeliveryStore = {
  async find(services: UserPoolServices, poolId: string) {
    const stored = await services.stores
      .pool(poolId)
      .get<LogDeliveryConfiguration>(poolKeys.logDelivery)
    return stored?.value ?? null
  },
  async put(services: UserPoolServices, value: LogDeliveryConfiguration): Promise<void> {
    await commitToPool(services, value.UserPoolId, {
      put: [{ key: poolKeys.logDelivery, value }],
    })
  },
}
