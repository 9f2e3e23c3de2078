import { updatePool } from '../../../userpool/pool-admin'
import { defineTarget } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import { enumeration, structure } from '../../validation/shape'
import { AdminCreateUserConfigShape, EmailMessage, EmailSubject, passThroughMembers, PoliciesShape, PoolName, SmsMessage, VerificationMessageTemplateShape, VerifiedAttributes } from './pool-shapes'

export const updateUserPool = defineTarget({
  auth: 'sigv4',
  input: structure(
    {
      UserPoolId,
      PoolName,
      Policies: PoliciesShape,
      DeletionProtection: enumeration(['ACTIVE', 'INACTIVE']),
      AutoVerifiedAttributes: VerifiedAttributes,
      SmsVerificationMessage: SmsMessage,
      EmailVerificationMessage: EmailMessage,
      EmailVerificationSubject: EmailSubject,
      VerificationMessageTemplate: VerificationMessageTemplateShape,
      MfaConfiguration: enumeration(['OFF', 'ON', 'OPTIONAL']),
      AdminCreateUserConfig: AdminCreateUserConfigShape,
      ...passThroughMembers,
    },
    ['UserPoolId'],
  ),
  async handle(input, { services }) {
    const { UserPoolId: poolId, PoolName: name, Policies, DeletionProtection, AutoVerifiedAttributes, SmsVerificationMessage, EmailVerificationMessage,
      EmailVerificationSubject, VerificationMessageTemplate, MfaConfiguration, AdminCreateUserConfig, ...extra } = input
    await updatePool(services, poolId, {
      ...(name ? { PoolName: name } : {}),
      ...(Policies ? { Policies } : {}),
      ...(DeletionProtection ? { DeletionProtection } : {}),
      ...(AutoVerifiedAttributes ? { AutoVerifiedAttributes } : {}),
      ...(SmsVerificationMessage ? { SmsVerificationMessage } : {}),
      ...(EmailVerificationMessage ? { EmailVerificationMessage } : {}),
      ...(EmailVerificationSubject ? { EmailVerificationSubject } : {}),
      ...(VerificationMessageTemplate ? { VerificationMessageTemplate } : {}),
      ...(MfaConfiguration ? { MfaConfiguration } : {}),
      ...(AdminCreateUserConfig ? { AdminCreateUserConfig } : {}),
      Extra: extra,
    })
    return {}
  },
})
