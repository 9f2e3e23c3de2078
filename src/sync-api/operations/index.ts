import type { AnySyncOperation } from '../operation'
import { listDatasets } from './list-datasets'

/** Every operation the sync API answers; the router matches requests against their paths. */
export const syncOperations: readonly AnySyncOperation[] = [listDatasets]
