import type { TagResourceResponse } from '@aws-sdk/client-cognito-identity-provider'
import { tagPool } from '../../../userpool/pools/pool-tags'
import { defineTarget } from '../../target'
import { Arn } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { PoolTags } from './pool-shapes'

export const tagResource = defineTarget<TagResourceResponse>()({
  auth: 'sigv4',
  input: structure({ ResourceArn: Arn, Tags: PoolTags }, ['ResourceArn', 'Tags']),
  async handle(input, { services }) {
    await tagPool(services, input.ResourceArn, input.Tags)
    return {}
  },
})
