import { deleteIdentityPool as remove } from '../../../identitypool/pools/identity-pools'
import { defineTarget, type NoOutput } from '../../target'
import { structure } from '../../validation/shape'
import { IdentityPoolId } from '../shapes'

export const deleteIdentityPool = defineTarget<NoOutput>()({
  auth: 'sigv4',
  input: structure({ IdentityPoolId }, ['IdentityPoolId']),
  async handle(input, { services }) {
    await remove(services, input.IdentityPoolId)
    return {}
  },
})
