import type { TagResourceResponse } from '@aws-sdk/client-cognito-identity'
import { tagIdentityPool } from '../../../identitypool/pools/identity-pool-tags'
import { defineTarget } from '../../target'
import { structure } from '../../validation/shape'
import { ARNString, IdentityPoolTags } from '../shapes'

export const tagResource = defineTarget<TagResourceResponse>()({
  auth: 'sigv4',
  input: structure({ ResourceArn: ARNString, Tags: IdentityPoolTags }, ['ResourceArn', 'Tags']),
  async handle(input, { services }) {
    await tagIdentityPool(services, input.ResourceArn, input.Tags)
    return {}
  },
})
