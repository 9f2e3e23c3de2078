import type { LocalDataset, LocalStore } from '../local-store'

/**
 * A store that lasts as long as the page or process: for tests, servers and short sessions.
 * Datasets are copied in and out, as the persistent stores do, so a caller never shares state.
 */
export function memoryStore(): LocalStore {
  const datasets = new Map<string, Map<string, LocalDataset>>()
  const identity = (identityId: string) => {
    const found = datasets.get(identityId) ?? new Map<string, LocalDataset>()
    datasets.set(identityId, found)
    return found
  }
  return {
    async read(identityId, datasetName) {
      const found = datasets.get(identityId)?.get(datasetName)
      return found ? structuredClone(found) : undefined
    },
    async write(identityId, datasetName, dataset) {
      identity(identityId).set(datasetName, structuredClone(dataset))
    },
    async delete(identityId, datasetName) {
      datasets.get(identityId)?.delete(datasetName)
    },
    async list(identityId) {
      return [...(datasets.get(identityId)?.keys() ?? [])]
    },
  }
}
