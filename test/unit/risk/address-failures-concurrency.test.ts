import { describe, expect, it } from 'vitest'
import type { RecordStore } from '../../../src/storage/record-store'
import {
  addressFailedAccounts,
  recordAddressFailure,
} from '../../../src/userpool/risk/address-failures'
import type { UserPoolServices } from '../../../src/userpool/services'
import { requirePool } from '../../../src/userpool/store/pool-repository'
import { testApp } from '../support/app'

/**
 * The services with the first `burst` reads of the directory held back until all of them are
 * waiting, then released together: the worst interleaving a Durable Object can give parallel
 * requests (every one reads before any writes), made certain rather than left to scheduling.
 * Later reads go straight through.
 */
function contended(services: UserPoolServices, burst: number): UserPoolServices {
  let waiting: Array<() => void> = []
  let holding = true
  const held = <T>(read: () => Promise<T>): Promise<T> => {
    if (!holding) return read()
    return new Promise<void>((release) => {
      waiting.push(release)
      if (waiting.length >= burst) {
        holding = false
        for (const go of waiting) go()
        waiting = []
      }
    }).then(read)
  }
  const hold = (store: RecordStore): RecordStore => ({
    ...store,
    get: (key) => held(() => store.get(key)),
    getMany: (keys) => held(() => store.getMany(keys)),
    list: (prefix, options) => held(() => store.list(prefix, options)),
    commit: (transaction) => store.commit(transaction),
    count: (prefix) => held(() => store.count(prefix)),
    prune: () => store.prune(),
  })
  return {
    ...services,
    stores: {
      ...services.stores,
      directory: (poolId, partition) => hold(services.stores.directory(poolId, partition)),
    },
  }
}

describe('the password-spraying counter under concurrency', () => {
  it('counts every account of a burst from one address, none lost to a race', async () => {
    const app = testApp()
    const poolId = (
      (await app.admin('CreateUserPool', {
        PoolName: 'spray-burst',
        UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' },
      })) as { UserPool: { Id: string } }
    ).UserPool.Id
    const { services } = app.runtime
    const pool = await requirePool(services, poolId)
    const names = Array.from({ length: 40 }, (_, i) => `sprayed-${i}`)
    // 40 failures at 40 names, every read of the first round before any write.
    const racing = contended(services, names.length)
    await Promise.all(
      names.map((name) => recordAddressFailure(racing, pool, '198.51.100.99', name)),
    )
    expect(await addressFailedAccounts(services, pool, '198.51.100.99')).toBe(40)
    // The same names again count once each; another address has its own count.
    await Promise.all(
      names
        .slice(0, 10)
        .map((name) => recordAddressFailure(contended(services, 1), pool, '198.51.100.99', name)),
    )
    expect(await addressFailedAccounts(services, pool, '198.51.100.99')).toBe(40)
    expect(await addressFailedAccounts(services, pool, '198.51.100.100')).toBe(0)
  })
})
