import type { UserPoolClientConfig } from '../../../userpool/model'
import { Arn } from '../../validation/cognito-shapes'
import { boolean, enumeration, integer, list, string, structure } from '../../validation/shape'

const TimeUnits = enumeration(['seconds', 'minutes', 'hours', 'days'])
const RedirectUrl = string({ min: 1, max: 1024, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+' })

/** The settable members shared by CreateUserPoolClient and UpdateUserPoolClient. */
export const clientSettingMembers = {
  RefreshTokenValidity: integer({ min: 0, max: 315360000 }),
  AccessTokenValidity: integer({ min: 1, max: 86400 }),
  IdTokenValidity: integer({ min: 1, max: 86400 }),
  TokenValidityUnits: structure({
    AccessToken: TimeUnits,
    IdToken: TimeUnits,
    RefreshToken: TimeUnits,
  }),
  ReadAttributes: list(string({ min: 1, max: 2048 })),
  WriteAttributes: list(string({ min: 1, max: 2048 })),
  ExplicitAuthFlows: list(
    enumeration([
      'ADMIN_NO_SRP_AUTH',
      'CUSTOM_AUTH_FLOW_ONLY',
      'USER_PASSWORD_AUTH',
      'ALLOW_ADMIN_USER_PASSWORD_AUTH',
      'ALLOW_CUSTOM_AUTH',
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_USER_SRP_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
      'ALLOW_USER_AUTH',
    ]),
  ),
  SupportedIdentityProviders: list(
    string({ min: 1, max: 32, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\p{Z}]+' }),
  ),
  CallbackURLs: list(RedirectUrl, { min: 0, max: 100 }),
  LogoutURLs: list(RedirectUrl, { min: 0, max: 100 }),
  DefaultRedirectURI: RedirectUrl,
  AllowedOAuthFlows: list(enumeration(['code', 'implicit', 'client_credentials']), {
    min: 0,
    max: 3,
  }),
  AllowedOAuthScopes: list(
    string({ min: 1, max: 256, pattern: '[\\x21\\x23-\\x5B\\x5D-\\x7E]+' }),
    { max: 50 },
  ),
  AllowedOAuthFlowsUserPoolClient: boolean(),
  AnalyticsConfiguration: structure({
    ApplicationId: string({ pattern: '[0-9a-fA-F]+' }),
    ApplicationArn: Arn,
    RoleArn: Arn,
    ExternalId: string({ max: 131072 }),
    UserDataShared: boolean(),
  }),
  PreventUserExistenceErrors: enumeration(['LEGACY', 'ENABLED']),
  EnableTokenRevocation: boolean(),
  EnablePropagateAdditionalUserContextData: boolean(),
  AuthSessionValidity: integer({ min: 3, max: 15 }),
  RefreshTokenRotation: structure(
    {
      Feature: enumeration(['ENABLED', 'DISABLED']),
      RetryGracePeriodSeconds: integer({ min: 0, max: 60 }),
    },
    ['Feature'],
  ),
}

/** UserPoolClientType from a stored client: its list of rotation secrets stays inside. */
export function userPoolClientType({
  secrets: _secrets,
  ...client
}: UserPoolClientConfig): Omit<UserPoolClientConfig, 'secrets'> {
  return client
}
