/**
 * Cognito's push-sync payload: the keys its mobile SDKs read from a silent notification
 * (push-sync.md), and nothing else, so a device can tell whether its copy is out of date.
 */
export interface PushPayload {
  source: 'cognito-sync'
  identityPoolId: string
  identityId: string
  datasetName: string
  /** The dataset's sync count after the change. */
  syncCount: number
}

/** The payload of one accepted sync. */
export function pushPayload(change: {
  identityPoolId: string
  identityId: string
  datasetName: string
  syncCount: number
}): PushPayload {
  return {
    source: 'cognito-sync',
    identityPoolId: change.identityPoolId,
    identityId: change.identityId,
    datasetName: change.datasetName,
    syncCount: change.syncCount,
  }
}
