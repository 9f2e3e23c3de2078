/**
 * The part of the Web Locks API (`navigator.locks`) the client uses: an exclusive lock by name,
 * held while `callback` runs, across every tab and worker of the origin.
 */
export interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>
}

/** Runs `task` holding the exclusive lock `name` (of every context sharing the cache). */
export type Exclusive = <T>(name: string, task: () => Promise<T>) => Promise<T>

const LOCK_PREFIX = 'portcullis-sync/'

/**
 * Exclusive sections over `locks`: two tabs of one origin share a localStorage or IndexedDB
 * cache, and each reads a dataset, changes it and writes it back; without a lock both would read
 * the same copy and the later write would drop the other's change. Web Locks (not BroadcastChannel,
 * which only tells others after the fact) make each read-change-write whole. Without a lock
 * manager (Node, a memory cache), sections run as they come: one manager already serialises its
 * own writes.
 */
export function exclusiveSections(locks: LockManagerLike | undefined): Exclusive {
  if (!locks) return (_name, task) => task()
  return (name, task) => locks.request(`${LOCK_PREFIX}${name}`, task)
}

/** The platform's lock manager, where there is one (browsers; Node 22 and later). */
export function platformLocks(): LockManagerLike | undefined {
  return (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks
}
