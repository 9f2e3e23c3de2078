import { enumeration, integer, list, map, string, structure } from './shape'

/** Shapes shared by many user-pool operations, with the constraints of the service model. */
export const UserPoolId = string({ min: 1, max: 55, pattern: '[\\w-]+_[0-9a-zA-Z]+' })
export const Username = string({ min: 1, max: 128, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+' })
export const ClientId = string({ min: 1, max: 128, pattern: '[\\w+]+' })
export const ClientName = string({ min: 1, max: 128, pattern: '[\\w\\s+=,.@-]+' })
export const Password = string({ max: 256, pattern: '[\\S]+' })
export const SecretHash = string({ min: 1, max: 128, pattern: '[\\w+=/]+' })
export const ConfirmationCode = string({ min: 1, max: 2048, pattern: '[\\S]+' })
export const Session = string({ min: 20, max: 2048 })
export const AccessToken = string({ pattern: '[A-Za-z0-9-_=.]+' })
export const GroupName = string({ min: 1, max: 128, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+' })
export const Description = string({ max: 2048 })
export const Arn = string({
  min: 20,
  max: 2048,
  pattern:
    'arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?',
})
export const Precedence = integer({ min: 0 })
export const QueryLimit = integer({ min: 0, max: 60 })
export const PoolQueryLimit = integer({ min: 1, max: 60 })
export const PaginationKey = string({ min: 1, pattern: '[\\S]+' })
export const AttributeName = string({
  min: 1,
  max: 32,
  pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\t\\n\\r ]+',
})
export const AttributeValue = string({ max: 2048 })
export const Attribute = structure({ Name: AttributeName, Value: AttributeValue }, ['Name'])
export const AttributeList = list(Attribute)
export const AttributeNameList = list(AttributeName)
export const ClientMetadata = map(string())
export const DeliveryMediums = list(enumeration(['SMS', 'EMAIL']))
export const AnalyticsMetadata = structure({ AnalyticsEndpointId: string() })
export const UserContextData = structure({ IpAddress: string(), EncodedData: string() })
export const StringMap = map(string())
