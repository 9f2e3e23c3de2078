import { createPool, describePool } from '../../../userpool/pools'
import { defineTarget } from '../../target'
import { boolean, enumeration, structure } from '../../validation/shape'
import {
  AdminCreateUserConfigShape,
  AliasAttributes,
  EmailMessage,
  EmailSubject,
  passThroughMembers,
  PoliciesShape,
  PoolName,
  SchemaShape,
  SmsMessage,
  UsernameAttributes,
  VerificationMessageTemplateShape,
  VerifiedAttributes,
} from './pool-shapes'

export const createUserPool = defineTarget({
  auth: 'sigv4',
  input: structure(
    {
      PoolName,
      Policies: PoliciesShape,
      DeletionProtection: enumeration(['ACTIVE', 'INACTIVE']),
      AutoVerifiedAttributes: VerifiedAttributes,
      AliasAttributes,
      UsernameAttributes,
      SmsVerificationMessage: SmsMessage,
      EmailVerificationMessage: EmailMessage,
      EmailVerificationSubject: EmailSubject,
      VerificationMessageTemplate: VerificationMessageTemplateShape,
      MfaConfiguration: enumeration(['OFF', 'ON', 'OPTIONAL']),
      AdminCreateUserConfig: AdminCreateUserConfigShape,
      Schema: SchemaShape,
      UsernameConfiguration: structure({ CaseSensitive: boolean() }, ['CaseSensitive']),
      ...passThroughMembers,
    },
    ['PoolName'],
  ),
  async handle(input, { services }) {
    const { PoolName: name, Policies, DeletionProtection, AutoVerifiedAttributes, AliasAttributes: aliases, UsernameAttributes: usernameAttributes,
      SmsVerificationMessage, EmailVerificationMessage, EmailVerificationSubject, VerificationMessageTemplate, MfaConfiguration,
      AdminCreateUserConfig, Schema, UsernameConfiguration, ...extra } = input
    const pool = await createPool(services, {
      PoolName: name,
      ...(Policies ? { Policies } : {}),
      ...(DeletionProtection ? { DeletionProtection } : {}),
      ...(AutoVerifiedAttributes ? { AutoVerifiedAttributes } : {}),
      ...(aliases ? { AliasAttributes: aliases } : {}),
      ...(usernameAttributes ? { UsernameAttributes: usernameAttributes } : {}),
      ...(SmsVerificationMessage ? { SmsVerificationMessage } : {}),
      ...(EmailVerificationMessage ? { EmailVerificationMessage } : {}),
      ...(EmailVerificationSubject ? { EmailVerificationSubject } : {}),
      ...(VerificationMessageTemplate ? { VerificationMessageTemplate } : {}),
      ...(MfaConfiguration ? { MfaConfiguration } : {}),
      ...(AdminCreateUserConfig ? { AdminCreateUserConfig } : {}),
      ...(Schema ? { Schema } : {}),
      ...(UsernameConfiguration ? { UsernameConfiguration } : {}),
      Extra: extra,
    })
    return { UserPool: describePool(pool, 0) }
  },
})
