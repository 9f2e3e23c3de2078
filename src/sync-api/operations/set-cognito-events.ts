import type { SetCognitoEventsCommandOutput } from '@aws-sdk/client-cognito-sync'
import { structure } from '../../api/validation/shape'
import { requireSyncPool } from '../../sync/configuration/sync-pool'
import { setCognitoEvents as setEvents } from '../../sync/events/cognito-events'
import { defineSyncOperation } from '../operation'
import { Events } from '../pool-shapes'
import { IdentityPoolId } from '../shapes'

/** SetCognitoEvents answers nothing but its status (the model gives it no output). */
type SetCognitoEventsResponse = Omit<SetCognitoEventsCommandOutput, '$metadata'>

export const setCognitoEvents = defineSyncOperation<SetCognitoEventsResponse>()({
  name: 'SetCognitoEvents',
  method: 'POST',
  path: '/identitypools/{IdentityPoolId}/events',
  access: 'admin',
  input: structure({ IdentityPoolId, Events }, ['IdentityPoolId', 'Events']),
  async handle(input, { services }) {
    await requireSyncPool(services, input.IdentityPoolId)
    await setEvents(services, input.IdentityPoolId, input.Events)
    return {}
  },
})
