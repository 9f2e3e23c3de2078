import type { AdminLinkProviderForUserResponse } from '@aws-sdk/client-cognito-identity-provider'
import { linkProviderForUser } from '../../../userpool/identity-providers/provider-links'
import { requirePool } from '../../../userpool/store/pool-repository'
import { defineTarget } from '../../target'
import { UserPoolId } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { ProviderUser } from './shapes'

export const adminLinkProviderForUser = defineTarget<AdminLinkProviderForUserResponse>()({
  auth: 'sigv4',
  input: structure({ UserPoolId, DestinationUser: ProviderUser, SourceUser: ProviderUser }, [
    'UserPoolId',
    'DestinationUser',
    'SourceUser',
  ]),
  async handle(input, { services }) {
    await linkProviderForUser(
      services,
      await requirePool(services, input.UserPoolId),
      input.DestinationUser,
      input.SourceUser,
    )
    return {}
  },
})
