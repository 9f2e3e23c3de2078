import type { IntegerShape } from '../params'

/**
 * STS's member shapes, as its service model declares them (sts 2011-06-15). The model's ARN
 * pattern is Java's (supplementary planes as `\u10000`); the length is checked here and the role a
 * malformed ARN would name is simply not found.
 */
export const roleArn = { required: true, min: 20, max: 2048 } as const
export const roleSessionName = { required: true, min: 2, max: 64, pattern: '[\\w+=,.@-]*' } as const
export const webIdentityToken = { required: true, min: 4, max: 20000 } as const
export const providerId = { min: 4, max: 2048 } as const
export const sessionPolicy = {
  min: 1,
  max: 2048,
  pattern: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+',
} as const
export const durationSeconds: IntegerShape = { min: 900, max: 43200 }
