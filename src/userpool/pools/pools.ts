import { InvalidParameterException } from '../../errors/cognito'
import { newPoolId, poolArn } from './ids'
import type {
  AliasAttribute,
  FirstAuthFactor,
  PasswordPolicy,
  SchemaAttribute,
  UserPoolConfig,
  UsernameAttribute,
  VerifiedAttribute,
} from '../model'
import { storeNewPool } from '../store/pool-store'
import { factorsAfterPoolSettings } from '../mfa/pool-settings-factors'
import { epochSeconds, type UserPoolServices } from '../services'
import { createPoolSigningKeys } from './signing'
import { mergeSchema, type SchemaAttributeInput } from '../attributes/schema'

/** The members of CreateUserPool that Portcullis reads; the rest are kept in `Extra`. */
export interface CreatePoolInput {
  PoolName: string
  Policies?: {
    PasswordPolicy?: Partial<PasswordPolicy>
    SignInPolicy?: { AllowedFirstAuthFactors?: FirstAuthFactor[] }
  }
  DeletionProtection?: 'ACTIVE' | 'INACTIVE'
  AutoVerifiedAttributes?: VerifiedAttribute[]
  AliasAttributes?: AliasAttribute[]
  UsernameAttributes?: UsernameAttribute[]
  UsernameConfiguration?: { CaseSensitive: boolean }
  AdminCreateUserConfig?: Partial<UserPoolConfig['AdminCreateUserConfig']>
  VerificationMessageTemplate?: Partial<UserPoolConfig['VerificationMessageTemplate']>
  EmailVerificationMessage?: string
  EmailVerificationSubject?: string
  SmsVerificationMessage?: string
  MfaConfiguration?: 'OFF' | 'ON' | 'OPTIONAL'
  Schema?: SchemaAttributeInput[]
  Extra?: Record<string, unknown>
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
}

/** NIST 800-63B rev 4: never below 8, whatever the pool asks. */
const MINIMUM_PASSWORD_LENGTH_FLOOR = 8

export function passwordPolicyFrom(
  input: Partial<PasswordPolicy> | undefined,
  base: PasswordPolicy = DEFAULT_PASSWORD_POLICY,
): PasswordPolicy {
  const policy = { ...base, ...(input ?? {}) }
  if (policy.MinimumLength < 6 || policy.MinimumLength > 99)
    throw new InvalidParameterException('Password policy MinimumLength must be between 6 and 99.')
  // Cognito allows 6; we keep the wire value but enforce at least 8 (see README "Where Portcullis is stricter").
  return policy
}

export const effectiveMinimumLength = (policy: PasswordPolicy): number =>
  Math.max(policy.MinimumLength, MINIMUM_PASSWORD_LENGTH_FLOOR)

function validateSignInAttributes(input: CreatePoolInput): void {
  if (input.AliasAttributes?.length && input.UsernameAttributes?.length) {
    throw new InvalidParameterException(
      'Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.',
    )
  }
}

/** The pool settings UpdateUserPool may change, with Cognito's defaults for members left out. */
export type MutablePoolSettings = Pick<
  UserPoolConfig,
  | 'Policies'
  | 'DeletionProtection'
  | 'AutoVerifiedAttributes'
  | 'AdminCreateUserConfig'
  | 'VerificationMessageTemplate'
  | 'MfaConfiguration'
  | 'Extra'
>

export function mutableSettings(input: Omit<CreatePoolInput, 'PoolName'>): MutablePoolSettings {
  const template = input.VerificationMessageTemplate ?? {}
  return {
    Policies: {
      PasswordPolicy: passwordPolicyFrom(input.Policies?.PasswordPolicy),
      ...(input.Policies?.SignInPolicy
        ? {
            SignInPolicy: {
              AllowedFirstAuthFactors: input.Policies.SignInPolicy.AllowedFirstAuthFactors ?? [
                'PASSWORD',
              ],
            },
          }
        : {}),
    },
    DeletionProtection: input.DeletionProtection ?? 'INACTIVE',
    AutoVerifiedAttributes: input.AutoVerifiedAttributes ?? [],
    AdminCreateUserConfig: {
      AllowAdminCreateUserOnly: input.AdminCreateUserConfig?.AllowAdminCreateUserOnly ?? false,
      UnusedAccountValidityDays: input.AdminCreateUserConfig?.UnusedAccountValidityDays ?? 7,
      ...(input.AdminCreateUserConfig?.InviteMessageTemplate
        ? { InviteMessageTemplate: input.AdminCreateUserConfig.InviteMessageTemplate }
        : {}),
    },
    VerificationMessageTemplate: {
      ...template,
      ...((template.EmailMessage ?? input.EmailVerificationMessage)
        ? { EmailMessage: template.EmailMessage ?? input.EmailVerificationMessage }
        : {}),
      ...((template.EmailSubject ?? input.EmailVerificationSubject)
        ? { EmailSubject: template.EmailSubject ?? input.EmailVerificationSubject }
        : {}),
      ...((template.SmsMessage ?? input.SmsVerificationMessage)
        ? { SmsMessage: template.SmsMessage ?? input.SmsVerificationMessage }
        : {}),
      DefaultEmailOption: template.DefaultEmailOption ?? 'CONFIRM_WITH_CODE',
    },
    MfaConfiguration: input.MfaConfiguration ?? 'OFF',
    Extra: input.Extra ?? {},
  }
}

/** CreateUserPool: stores the configuration and the pool's signing keys, then lists it. */
export async function createPool(
  services: UserPoolServices,
  input: CreatePoolInput,
): Promise<UserPoolConfig> {
  validateSignInAttributes(input)
  const settings = mutableSettings(input)
  // MFA ON or OPTIONAL at creation means SMS MFA; TOTP and email come later with SetUserPoolMfaConfig.
  const factors = factorsAfterPoolSettings(undefined, settings)
  const id = newPoolId(services.region)
  const now = epochSeconds(services)
  const pool: UserPoolConfig = {
    Id: id,
    Name: input.PoolName,
    Arn: poolArn(services.region, id),
    CreationDate: now,
    LastModifiedDate: now,
    ...settings,
    ...factors,
    SchemaAttributes: mergeSchema([], input.Schema ?? [], { creating: true }),
    ...(input.AliasAttributes ? { AliasAttributes: input.AliasAttributes } : {}),
    ...(input.UsernameAttributes ? { UsernameAttributes: input.UsernameAttributes } : {}),
    ...(input.UsernameConfiguration ? { UsernameConfiguration: input.UsernameConfiguration } : {}),
    partitions: services.defaultPartitions,
  }
  // The keys are made here and stored with the configuration: no request ever makes one.
  await storeNewPool(services, pool, await createPoolSigningKeys(services, id))
  return pool
}

export type { SchemaAttribute }
