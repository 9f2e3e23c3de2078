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
  withExtra,
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
    const pool = await createPool(services, withExtra(input))
    return { UserPool: describePool(pool, 0) }
  },
})
