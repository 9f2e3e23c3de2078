import { SessionKeeper, type SessionObjects, type SessionRecord } from '../session-keeper'

/** Session objects in memory for unit tests: the same keeper, a record per name, an injected clock. */
export function memorySessionObjects(now: () => number = Date.now): SessionObjects {
  const keepers = new Map<string, SessionKeeper>()
  return {
    getByName(name) {
      let keeper = keepers.get(name)
      if (!keeper) {
        let record: SessionRecord | undefined
        keeper = new SessionKeeper(
          {
            get: async () => (record ? structuredClone(record) : undefined),
            put: async (next) => {
              record = structuredClone(next)
            },
            clear: async () => {
              record = undefined
            },
          },
          now,
        )
        keepers.set(name, keeper)
      }
      return keeper
    },
  }
}
