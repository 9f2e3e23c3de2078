import type { GetCognitoEventsResponse } from '@aws-sdk/client-cognito-sync'
import { structure } from '../../api/validation/shape'
import { requireSyncPool } from '../../sync/configuration/sync-pool'
import { cognitoEvents } from '../../sync/events/cognito-events'
import { defineSyncOperation } from '../operation'
import { IdentityPoolId } from '../shapes'

export const getCognitoEvents = defineSyncOperation<GetCognitoEventsResponse>()({
  name: 'GetCognitoEvents',
  method: 'GET',
  path: '/identitypools/{IdentityPoolId}/events',
  access: 'admin',
  input: structure({ IdentityPoolId }, ['IdentityPoolId']),
  async handle(input, { services }) {
    await requireSyncPool(services, input.IdentityPoolId)
    return { Events: await cognitoEvents(services, input.IdentityPoolId) }
  },
})
