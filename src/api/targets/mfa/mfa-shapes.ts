import { boolean, structure } from '../../validation/shape'

/** SMSMfaSettingsType, SoftwareTokenMfaSettingsType and EmailMfaSettingsType share this shape. */
export const FactorSettings = structure({ Enabled: boolean(), PreferredMfa: boolean() })
export const WebAuthnMfaSettings = structure({ Enabled: boolean() })
export const preferenceMembers = {
  SMSMfaSettings: FactorSettings,
  SoftwareTokenMfaSettings: FactorSettings,
  EmailMfaSettings: FactorSettings,
  WebAuthnMfaSettings,
}
