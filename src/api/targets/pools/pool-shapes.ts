import {
  boolean,
  enumeration,
  integer,
  list,
  map,
  opaqueStructure,
  string,
  structure,
} from '../../validation/shape'
import { Arn } from '../../validation/cognito-shapes'

/** Shapes of CreateUserPool / UpdateUserPool members, from the service model. */
export const PoolName = string({ min: 1, max: 128, pattern: '[\\w\\s+=,.@-]+' })
export const PasswordPolicyShape = structure({
  MinimumLength: integer({ min: 6, max: 99 }),
  RequireUppercase: boolean(),
  RequireLowercase: boolean(),
  RequireNumbers: boolean(),
  RequireSymbols: boolean(),
  PasswordHistorySize: integer({ min: 0, max: 24 }),
  TemporaryPasswordValidityDays: integer({ min: 0, max: 365 }),
})
export const PoliciesShape = structure({
  PasswordPolicy: PasswordPolicyShape,
  SignInPolicy: structure({
    AllowedFirstAuthFactors: list(enumeration(['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN']), {
      min: 1,
      max: 4,
    }),
  }),
})
export const VerifiedAttributes = list(enumeration(['phone_number', 'email']))
export const AliasAttributes = list(enumeration(['phone_number', 'email', 'preferred_username']))
export const UsernameAttributes = list(enumeration(['phone_number', 'email']))
const SmsMessage = string({ min: 6, max: 140, pattern: '.*\\{####\\}.*' })
const EmailMessage = string({
  min: 6,
  max: 20000,
  pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*\\{####\\}[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*',
})
const EmailSubject = string({ min: 1, max: 140, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s]+' })
export const VerificationMessageTemplateShape = structure({
  SmsMessage,
  EmailMessage,
  EmailSubject,
  EmailMessageByLink: string({ min: 6, max: 20000 }),
  EmailSubjectByLink: EmailSubject,
  DefaultEmailOption: enumeration(['CONFIRM_WITH_LINK', 'CONFIRM_WITH_CODE']),
})
export const AdminCreateUserConfigShape = structure({
  AllowAdminCreateUserOnly: boolean(),
  UnusedAccountValidityDays: integer({ min: 0, max: 365 }),
  InviteMessageTemplate: structure({
    SMSMessage: string({ min: 6, max: 140, pattern: '.*\\{####\\}.*' }),
    EmailMessage: string({ min: 6, max: 20000 }),
    EmailSubject,
  }),
})
export const SchemaShape = list(
  structure({
    Name: string({ min: 1, max: 20, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+' }),
    AttributeDataType: enumeration(['String', 'Number', 'DateTime', 'Boolean']),
    DeveloperOnlyAttribute: boolean(),
    Mutable: boolean(),
    Required: boolean(),
    NumberAttributeConstraints: structure({ MinValue: string(), MaxValue: string() }),
    StringAttributeConstraints: structure({ MinLength: string(), MaxLength: string() }),
  }),
  { min: 1, max: 50 },
)
/** SmsConfigurationType: the SNS role of the pool's SMS (CreateUserPool, UpdateUserPool, SetUserPoolMfaConfig). */
export const SmsConfigurationShape = structure({
  SnsCallerArn: Arn,
  ExternalId: string({ max: 2048 }),
  SnsRegion: string({ min: 5, max: 32, pattern: '[\\w\\-]+' }),
  EumsSms: opaqueStructure(),
})
export const PoolTags = map(string({ min: 0, max: 256 }), { key: { min: 1, max: 128 }, max: 50 })

const FunctionArn = string({
  min: 20,
  max: 2048,
  pattern:
    'arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?',
})
const versionedFunction = <const V extends string>(versions: readonly V[]) =>
  structure({ LambdaVersion: enumeration(versions), LambdaArn: FunctionArn }, [
    'LambdaVersion',
    'LambdaArn',
  ])
/** LambdaConfigType: the function each trigger calls (kept in `Extra`, read by src/userpool/triggers). */
export const LambdaConfigShape = structure({
  PreSignUp: FunctionArn,
  CustomMessage: FunctionArn,
  PostConfirmation: FunctionArn,
  PreAuthentication: FunctionArn,
  PostAuthentication: FunctionArn,
  DefineAuthChallenge: FunctionArn,
  CreateAuthChallenge: FunctionArn,
  VerifyAuthChallengeResponse: FunctionArn,
  PreTokenGeneration: FunctionArn,
  UserMigration: FunctionArn,
  PreTokenGenerationConfig: versionedFunction(['V1_0', 'V2_0', 'V3_0']),
  CustomSMSSender: versionedFunction(['V1_0']),
  CustomEmailSender: versionedFunction(['V1_0']),
  KMSKeyID: FunctionArn,
  InboundFederation: versionedFunction(['V1_0']),
})

/** UserPoolAddOnsType: threat protection's mode (read by src/userpool/risk/add-ons.ts through `Extra`). */
export const UserPoolAddOnsShape = structure(
  {
    AdvancedSecurityMode: enumeration(['OFF', 'AUDIT', 'ENFORCED']),
    AdvancedSecurityAdditionalFlows: structure({
      CustomAuthMode: enumeration(['AUDIT', 'ENFORCED']),
    }),
  },
  ['AdvancedSecurityMode'],
)

/** Members accepted and echoed by Describe; LambdaConfig and UserPoolAddOns are acted on through `Extra`. */
export const passThroughMembers = {
  LambdaConfig: LambdaConfigShape,
  UserAttributeUpdateSettings: opaqueStructure(),
  DeviceConfiguration: structure({
    ChallengeRequiredOnNewDevice: boolean(),
    DeviceOnlyRememberedOnUserPrompt: boolean(),
  }),
  EmailConfiguration: opaqueStructure(),
  SmsConfiguration: SmsConfigurationShape,
  SmsAuthenticationMessage: SmsMessage,
  UserPoolAddOns: UserPoolAddOnsShape,
  AccountRecoverySetting: opaqueStructure(),
  UserPoolTier: enumeration(['LITE', 'ESSENTIALS', 'PLUS']),
  UserPoolTags: PoolTags,
}

export { SmsMessage, EmailMessage, EmailSubject }

const PASS_THROUGH: ReadonlySet<string> = new Set(Object.keys(passThroughMembers))

/** Moves the members Portcullis keeps but does not act on into `Extra`, as the domain expects. */
export function withExtra<T extends object>(
  input: T,
): Omit<T, keyof typeof passThroughMembers> & { Extra: Record<string, unknown> } {
  const known: Record<string, unknown> = {}
  const Extra: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(input))
    (PASS_THROUGH.has(name) ? Extra : known)[name] = value
  return { ...known, Extra } as Omit<T, keyof typeof passThroughMembers> & {
    Extra: Record<string, unknown>
  }
}
