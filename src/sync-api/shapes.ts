import { enumeration, integer, list, type Shape, string, structure } from '../api/validation/shape'

/** The cognito-sync model's member shapes, with its lengths and patterns. */

const NAMESPACED_GUID = '[\\w-]+:[0-9a-f-]+'

export const IdentityPoolId = string({ min: 1, max: 55, pattern: NAMESPACED_GUID })
export const IdentityId = string({ min: 1, max: 55, pattern: NAMESPACED_GUID })
export const DatasetName = string({ min: 1, max: 128, pattern: '[a-zA-Z0-9_.:-]+' })
export const NextToken = string()
/** `IntegerString`: an integer sent in the query string. */
export const MaxResults = integer()
/** `Long`, in the query string. */
export const LastSyncCount = integer()
export const SyncSessionToken = string()
export const DeviceId = string({ min: 1, max: 256 })
export const ClientContext = string()

/** A `timestamp` in a REST-JSON body: epoch seconds (the SDK sends fractions), read as epoch ms. */
function timestamp(): Shape<number> {
  return {
    kind: 'timestamp',
    read(value, path, problems) {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        problems.serialization ??= `Unexpected value type for ${path}: expected a timestamp`
        return undefined
      }
      return Math.round(value * 1000)
    },
  }
}

export const RecordPatch = structure(
  {
    Op: enumeration(['replace', 'remove']),
    Key: string({ min: 1, max: 1024 }),
    Value: string({ max: 1_048_575 }),
    SyncCount: integer({ min: 0 }),
    DeviceLastModifiedDate: timestamp(),
  },
  ['Op', 'Key', 'SyncCount'],
)
export const RecordPatches = list(RecordPatch)
