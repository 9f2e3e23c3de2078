import type { Tag } from '../../iam/model'
import type { IntegerShape, QueryParams, StringShape } from '../params'

/** IAM's member shapes, as its service model declares them (iam 2010-05-08). */
export const roleName = { required: true, min: 1, max: 64, pattern: '[\\w+=,.@-]+' } as const
export const policyName = { required: true, min: 1, max: 128, pattern: '[\\w+=,.@-]+' } as const
export const path: StringShape = {
  min: 1,
  max: 512,
  pattern: '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)',
}
export const policyPath: StringShape = {
  min: 1,
  max: 512,
  pattern: '((/[A-Za-z0-9\\.,\\+@=_-]+)*)/',
}
export const pathPrefix: StringShape = { min: 1, max: 512, pattern: '\\u002F[\\u0021-\\u007F]*' }
export const policyDocument = {
  required: true,
  min: 1,
  max: 131072,
  pattern: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+',
} as const
export const roleDescription: StringShape = {
  max: 1000,
  pattern: '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*',
}
export const policyDescription: StringShape = { max: 1000 }
export const maxSessionDuration: IntegerShape = { min: 3600, max: 43200 }
export const arn = { required: true, min: 20, max: 2048 } as const
export const policyVersionId = {
  required: true,
  pattern: 'v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?',
} as const
export const oidcProviderUrl = { required: true, min: 1, max: 255 } as const
export const clientId = { min: 1, max: 255 } as const
export const thumbprint: StringShape = { min: 40, max: 40 }
export const marker: StringShape = { min: 1, max: 320, pattern: '[\\u0020-\\u00FF]+' }
export const maxItems: IntegerShape = { min: 1, max: 1000 }

const tagKey = {
  required: true,
  min: 1,
  max: 128,
  pattern: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+',
} as const
const tagValue = {
  required: true,
  min: 0,
  max: 256,
  pattern: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*',
} as const

/** `Tags.member.N.Key` / `.Value`, at most 50. */
export function tags(params: QueryParams): Tag[] | undefined {
  return params.structures('Tags', 50, (member) => ({
    Key: params.string(member('Key'), tagKey),
    Value: params.string(member('Value'), tagValue),
  }))
}

/** Marker and MaxItems, the paging members of every List action. */
export function paging(params: QueryParams): { marker?: string; maxItems?: number } {
  const given = params.string('Marker', marker)
  const items = params.integer('MaxItems', maxItems)
  return {
    ...(given !== undefined ? { marker: given } : {}),
    ...(items !== undefined ? { maxItems: items } : {}),
  }
}
