import type { ListTagsForResourceResponse } from '@aws-sdk/client-cognito-identity'
import { listIdentityPoolTags } from '../../../identitypool/pools/identity-pool-tags'
import { defineTarget } from '../../target'
import { structure } from '../../validation/shape'
import { ARNString } from '../shapes'

export const listTagsForResource = defineTarget<ListTagsForResourceResponse>()({
  auth: 'sigv4',
  input: structure({ ResourceArn: ARNString }, ['ResourceArn']),
  async handle(input, { services }) {
    return { Tags: await listIdentityPoolTags(services, input.ResourceArn) }
  },
})
