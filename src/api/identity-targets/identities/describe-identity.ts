import type { IdentityDescription } from '@aws-sdk/client-cognito-identity'
import { describeIdentity as describe } from '../../../identitypool/identities/identities'
import { defineTarget } from '../../target'
import { structure } from '../../validation/shape'
import { IdentityId } from '../shapes'

export const describeIdentity = defineTarget<IdentityDescription>()({
  auth: 'sigv4',
  input: structure({ IdentityId }, ['IdentityId']),
  async handle(input, { services }) {
    return describe(services, input.IdentityId)
  },
})
