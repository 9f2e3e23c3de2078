import { list, map, string } from '../../validation/shape'

export const ProviderName = string({ min: 1, max: 32, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\p{Z}]+' })
/** New names: no `_` at either end and no spaces there (Cognito's ProviderNameTypeV2). */
export const NewProviderName = string({ min: 1, max: 32, pattern: '[^_\\p{Z}][\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}][^_\\p{Z}]+' })
export const ProviderDetails = map(string())
export const AttributeMapping = map(string())
export const IdpIdentifier = string({ min: 1, max: 40, pattern: '[\\w\\s+=.@-]+' })
export const IdpIdentifiers = list(IdpIdentifier)
