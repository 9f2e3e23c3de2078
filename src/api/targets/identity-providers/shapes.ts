import { list, map, string, structure } from '../../validation/shape'

export const ProviderName = string({
  min: 1,
  max: 32,
  pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\p{Z}]+',
})
/** New names: no `_` at either end and no spaces there (Cognito's ProviderNameTypeV2). */
export const NewProviderName = string({
  min: 1,
  max: 32,
  pattern: '[^_\\p{Z}][\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}][^_\\p{Z}]+',
})
export const ProviderDetails = map(string())
export const AttributeMapping = map(string())
export const IdpIdentifier = string({ min: 1, max: 40, pattern: '[\\w\\s+=.@-]+' })
export const IdpIdentifiers = list(IdpIdentifier)
/** ProviderUserIdentifierType: a user of the pool (`Cognito`) or of one of its identity providers. */
export const ProviderUser = structure({
  ProviderName: ProviderName,
  ProviderAttributeName: string(),
  ProviderAttributeValue: string(),
})
