import {
  AnalyticsMetadata,
  ClientId,
  ClientMetadata,
  Session,
  StringMap,
  UserContextData,
} from '../../validation/cognito-shapes'
import { enumeration, opaqueStructure } from '../../validation/shape'

export const AuthFlow = enumeration([
  'USER_SRP_AUTH',
  'REFRESH_TOKEN_AUTH',
  'REFRESH_TOKEN',
  'CUSTOM_AUTH',
  'ADMIN_NO_SRP_AUTH',
  'USER_PASSWORD_AUTH',
  'ADMIN_USER_PASSWORD_AUTH',
  'USER_AUTH',
])
export const ChallengeName = enumeration([
  'SMS_MFA',
  'EMAIL_OTP',
  'SOFTWARE_TOKEN_MFA',
  'SELECT_MFA_TYPE',
  'MFA_SETUP',
  'PASSWORD_VERIFIER',
  'CUSTOM_CHALLENGE',
  'SELECT_CHALLENGE',
  'DEVICE_SRP_AUTH',
  'DEVICE_PASSWORD_VERIFIER',
  'ADMIN_NO_SRP_AUTH',
  'NEW_PASSWORD_REQUIRED',
  'SMS_OTP',
  'PASSWORD',
  'WEB_AUTHN',
  'PASSWORD_SRP',
])

/** Members shared by the four auth operations. */
export const authMembers = { ClientId, ClientMetadata, AnalyticsMetadata, Session }
export { StringMap as AuthParameters, UserContextData, opaqueStructure as ContextData }
