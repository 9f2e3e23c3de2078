import type { MergeDeveloperIdentitiesResponse } from '@aws-sdk/client-cognito-identity'
import { mergeDeveloperIdentities as merge } from '../../../identitypool/identities/developer-identities'
import { defineTarget } from '../../target'
import { structure } from '../../validation/shape'
import { DeveloperProviderName, DeveloperUserIdentifier, IdentityPoolId } from '../shapes'

export const mergeDeveloperIdentities = defineTarget<MergeDeveloperIdentitiesResponse>()({
  auth: 'sigv4',
  input: structure(
    {
      SourceUserIdentifier: DeveloperUserIdentifier,
      DestinationUserIdentifier: DeveloperUserIdentifier,
      DeveloperProviderName,
      IdentityPoolId,
    },
    [
      'SourceUserIdentifier',
      'DestinationUserIdentifier',
      'DeveloperProviderName',
      'IdentityPoolId',
    ],
  ),
  async handle(input, { services }) {
    const identityId = await merge(services, input.IdentityPoolId, {
      source: input.SourceUserIdentifier,
      destination: input.DestinationUserIdentifier,
      providerName: input.DeveloperProviderName,
    })
    return { IdentityId: identityId }
  },
})
