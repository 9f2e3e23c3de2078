import type { UntagResourceResponse } from '@aws-sdk/client-cognito-identity'
import { untagIdentityPool } from '../../../identitypool/pools/identity-pool-tags'
import { defineTarget } from '../../target'
import { structure } from '../../validation/shape'
import { ARNString, TagKeys } from '../shapes'

export const untagResource = defineTarget<UntagResourceResponse>()({
  auth: 'sigv4',
  input: structure({ ResourceArn: ARNString, TagKeys }, ['ResourceArn', 'TagKeys']),
  async handle(input, { services }) {
    await untagIdentityPool(services, input.ResourceArn, input.TagKeys)
    return {}
  },
})
