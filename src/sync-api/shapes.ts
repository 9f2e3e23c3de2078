import { integer, string } from '../api/validation/shape'

/** The cognito-sync model's member shapes, with its lengths and patterns. */

const NAMESPACED_GUID = '[\\w-]+:[0-9a-f-]+'

export const IdentityPoolId = string({ min: 1, max: 55, pattern: NAMESPACED_GUID })
export const IdentityId = string({ min: 1, max: 55, pattern: NAMESPACED_GUID })
export const DatasetName = string({ min: 1, max: 128, pattern: '[a-zA-Z0-9_.:-]+' })
export const NextToken = string()
/** `IntegerString`: an integer sent in the query string. */
export const MaxResults = integer()
