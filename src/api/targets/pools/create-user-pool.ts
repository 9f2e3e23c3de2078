import type { CreateUserPoolResponse } from '@aws-sdk/client-cognito-identity-provider'
import { createPool } from '../../../userpool/pools/pools'
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
  withExtra,
} from './pool-shapes'
import { userPoolType } from './user-pool-type'

export const createUserPool = defineTarget<CreateUserPoolResponse>()({
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
    const pool = await createPool(services, withExtra(input))
    return { UserPool: userPoolType(pool, 0) }
  },
})
