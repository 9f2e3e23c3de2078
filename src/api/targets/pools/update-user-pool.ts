import type { UpdateUserPoolResponse } from '@aws-sdk/client-cognito-identity-provider'
import { updatePool } from '../../../userpool/pools/pool-admin'
import { defineTarget } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import { enumeration, structure } from '../../validation/shape'
import {
  AdminCreateUserConfigShape,
  EmailMessage,
  EmailSubject,
  passThroughMembers,
  PoliciesShape,
  PoolName,
  SmsMessage,
  VerificationMessageTemplateShape,
  VerifiedAttributes,
  withExtra,
} from './pool-shapes'

export const updateUserPool = defineTarget<UpdateUserPoolResponse>()({
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
  async handle({ UserPoolId: poolId, ...settings }, { services }) {
    await updatePool(services, poolId, withExtra(settings))
    return {}
  },
})
