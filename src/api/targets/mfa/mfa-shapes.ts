import { AttributeName } from '../../validation/cognito-shapes'
import { boolean, enumeration, list, structure } from '../../validation/shape'

/** SMSMfaSettingsType, SoftwareTokenMfaSettingsType and EmailMfaSettingsType share this shape. */
export const FactorSettings = structure({ Enabled: boolean(), PreferredMfa: boolean() })
export const WebAuthnMfaSettings = structure({ Enabled: boolean() })
export const preferenceMembers = {
  SMSMfaSettings: FactorSettings,
  SoftwareTokenMfaSettings: FactorSettings,
  EmailMfaSettings: FactorSettings,
  WebAuthnMfaSettings,
}

/** MFAOptionListType, the legacy SetUserSettings / AdminSetUserSettings list. */
export const MfaOptions = list(
  structure({
    DeliveryMedium: enumeration(['SMS', 'EMAIL']),
    AttributeName: AttributeName,
  }),
)
