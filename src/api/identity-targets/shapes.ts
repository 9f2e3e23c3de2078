import { boolean, enumeration, integer, list, map, string, structure } from '../validation/shape'

/** Cognito Identity's input shapes, as its service model defines them. */
export const IdentityPoolId = string({ min: 1, max: 55, pattern: '[\\w-]+:[0-9a-f-]+' })
export const IdentityId = string({ min: 1, max: 55, pattern: '[\\w-]+:[0-9a-f-]+' })
export const IdentityPoolName = string({ min: 1, max: 128, pattern: '[\\w\\s+=,.@-]+' })
export const DeveloperProviderName = string({ min: 1, max: 128, pattern: '[\\w._-]+' })
export const DeveloperUserIdentifier = string({ min: 1, max: 1024 })
export const ARNString = string({ min: 20, max: 2048 })
export const QueryLimit = integer({ min: 1, max: 60 })
export const PaginationKey = string({ min: 1, max: 65535, pattern: '[\\S]+' })
export const AccountId = string({ min: 1, max: 15, pattern: '\\d+' })
export const IdentityProviderName = string({ min: 1, max: 128 })
export const LoginsMap = map(string({ min: 1, max: 50000 }), {
  key: { min: 1, max: 128 },
  max: 10,
})
export const LoginsList = list(IdentityProviderName)
export const IdentityIdList = list(IdentityId, { min: 1, max: 60 })
export const IdentityProviders = map(string({ min: 1, max: 128, pattern: '[\\w.;_/-]+' }), {
  key: { min: 1, max: 128 },
  max: 10,
})
export const CognitoIdentityProviderList = list(
  structure({
    ProviderName: string({ min: 1, max: 128, pattern: '[\\w._:/-]+' }),
    ClientId: string({ min: 1, max: 128, pattern: '[\\w_]+' }),
    ServerSideTokenCheck: boolean(),
  }),
)
export const ARNList = list(ARNString)
export const IdentityPoolTags = map(string({ min: 0, max: 256 }), { key: { min: 1, max: 128 } })
export const TagKeys = list(string({ min: 1, max: 128 }))
export const RolesMap = map(ARNString, {
  key: { min: 1, max: 128, pattern: '(un)?authenticated' },
  max: 2,
})
export const RoleMappingMap = map(
  structure(
    {
      Type: enumeration(['Token', 'Rules']),
      AmbiguousRoleResolution: enumeration(['AuthenticatedRole', 'Deny']),
      RulesConfiguration: structure(
        {
          Rules: list(
            structure(
              {
                Claim: string({ min: 1, max: 64, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+' }),
                MatchType: enumeration(['Equals', 'Contains', 'StartsWith', 'NotEqual']),
                Value: string({ min: 1, max: 128 }),
                RoleARN: ARNString,
              },
              ['Claim', 'MatchType', 'Value', 'RoleARN'],
            ),
            { min: 1, max: 400 },
          ),
        },
        ['Rules'],
      ),
    },
    ['Type'],
  ),
  { key: { min: 1, max: 128 }, max: 10 },
)
export const TokenDuration = integer({ min: 1, max: 86400 })
export const PrincipalTags = map(string({ min: 1, max: 256 }), {
  key: { min: 1, max: 128 },
  max: 50,
})
