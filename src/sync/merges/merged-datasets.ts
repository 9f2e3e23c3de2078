import { sha256Hex } from '../../crypto/hash'
import type { DatasetRecord } from '../model'
import type { SyncServices } from '../services'
import { syncStore } from '../store/dataset-repository'
import { syncKeys } from '../store/keys'

/** The model's longest dataset name. */
const MAX_DATASET_NAME = 128
/** The model's longest identity id. */
const MAX_IDENTITY_ID = 55
/** Hex digits of the name's digest in a shortened merged name. */
const DIGEST_DIGITS = 8
/** Characters of the dataset name a shortened merged name always keeps (its search prefix). */
const KEPT_ALWAYS = MAX_DATASET_NAME - MAX_IDENTITY_ID - 2 - DIGEST_DIGITS

/**
 * How Cognito names a dataset merged in from another identity: `{datasetName}.{identityId}`.
 * When that would pass the model's 128 characters (a dataset name over about 80), the name is cut
 * and a digest of the whole name keeps it unique: `{start of datasetName}-{8 hex}.{identityId}`,
 * exactly 128 characters. Clients find either form in MergedDatasetNames, so neither is lost.
 */
export async function mergedDatasetName(
  datasetName: string,
  sourceIdentityId: string,
): Promise<string> {
  const full = `${datasetName}.${sourceIdentityId}`
  if (full.length <= MAX_DATASET_NAME) return full
  const digest = (await sha256Hex(datasetName)).slice(0, DIGEST_DIGITS)
  const kept = MAX_DATASET_NAME - sourceIdentityId.length - 2 - DIGEST_DIGITS
  return `${datasetName.slice(0, kept)}-${digest}.${sourceIdentityId}`
}

/**
 * The names of the live datasets merged into an identity from others under `datasetName`
 * (`{datasetName}.{sourceIdentityId}`, or its shortened form), for ListRecords' MergedDatasetNames. Only datasets the
 * merge created count, not one a client happened to name that way.
 */
export async function mergedDatasetNames(
  services: Pick<SyncServices, 'stores'>,
  identityId: string,
  datasetName: string,
): Promise<string[]> {
  const store = syncStore(services, identityId)
  // Every merged name of `datasetName` starts with this much of it, shortened or not.
  const prefix = syncKeys.datasetsStartingWith(datasetName.slice(0, KEPT_ALWAYS))
  const names: string[] = []
  let after: string | undefined
  for (;;) {
    const page = await store.list<DatasetRecord>(prefix, after === undefined ? {} : { after })
    for (const { value } of page.records)
      if (
        !value.deleted &&
        value.mergedFrom !== undefined &&
        value.DatasetName === (await mergedDatasetName(datasetName, value.mergedFrom))
      )
        names.push(value.DatasetName)
    if (page.next === undefined) return names
    after = page.next
  }
}
