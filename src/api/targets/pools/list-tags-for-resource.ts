import type { ListTagsForResourceResponse } from '@aws-sdk/client-cognito-identity-provider'
import { listPoolTags } from '../../../userpool/pools/pool-tags'
import { defineTarget } from '../../target'
import { Arn } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const listTagsForResource = defineTarget<ListTagsForResourceResponse>()({
  auth: 'sigv4',
  input: structure({ ResourceArn: Arn }, ['ResourceArn']),
  async handle(input, { services }) {
    return { Tags: await listPoolTags(services, input.ResourceArn) }
  },
})
