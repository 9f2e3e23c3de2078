import type { DatasetRecord } from '../model'
import type { SyncServices } from '../services'
import { syncStore } from '../store/dataset-repository'
import { syncKeys } from '../store/keys'

/** How Cognito names a dataset merged in from another identity: `{datasetName}.{identityId}`. */
export const mergedDatasetName = (datasetName: string, sourceIdentityId: string): string =>
  `${datasetName}.${sourceIdentityId}`

/**
 * The names of the live datasets merged into an identity from others under `datasetName`
 * (`{datasetName}.{sourceIdentityId}`), for ListRecords' MergedDatasetNames. Only datasets the
 * merge created count, not one a client happened to name that way.
 */
export async function mergedDatasetNames(
  services: Pick<SyncServices, 'stores'>,
  identityId: string,
  datasetName: string,
): Promise<string[]> {
  const store = syncStore(services, identityId)
  const prefix = syncKeys.datasetsNamedAfter(datasetName)
  const names: string[] = []
  let after: string | undefined
  for (;;) {
    const page = await store.list<DatasetRecord>(prefix, after === undefined ? {} : { after })
    for (const { value } of page.records)
      if (
        !value.deleted &&
        value.mergedFrom !== undefined &&
        value.DatasetName === mergedDatasetName(datasetName, value.mergedFrom)
      )
        names.push(value.DatasetName)
    if (page.next === undefined) return names
    after = page.next
  }
}
