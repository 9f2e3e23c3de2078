import type { UntagResourceResponse } from '@aws-sdk/client-cognito-identity-provider'
import { untagPool } from '../../../userpool/pools/pool-tags'
import { defineTarget } from '../../target'
import { Arn } from '../../validation/cognito-shapes'
import { list, string, structure } from '../../validation/shape'

export const untagResource = defineTarget<UntagResourceResponse>()({
  auth: 'sigv4',
  input: structure({ ResourceArn: Arn, TagKeys: list(string({ min: 1, max: 128 })) }, [
    'ResourceArn',
    'TagKeys',
  ]),
  async handle(input, { services }) {
    await untagPool(services, input.ResourceArn, input.TagKeys)
    return {}
  },
})
