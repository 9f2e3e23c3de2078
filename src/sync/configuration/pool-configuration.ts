import { ConcurrentModificationException, InvalidParameterException } from '../../errors/sync'
import type { Stores } from '../../storage/record-store'
import { poolSyncKeys } from '../store/pool-sync-keys'

/** PushSync as SetIdentityPoolConfiguration takes it: the SNS platform applications and the role. */
export interface PushSyncSettings {
  ApplicationArns?: string[]
  RoleArn?: string
}

/** CognitoStreams as SetIdentityPoolConfiguration takes it. */
export interface CognitoStreamsSettings {
  StreamName?: string
  RoleArn?: string
  StreamingStatus?: 'ENABLED' | 'DISABLED'
}

/** An identity pool's sync configuration; a member never set is absent. */
export interface PoolSyncConfiguration {
  PushSync?: PushSyncSettings
  CognitoStreams?: CognitoStreamsSettings
}

/**
 * What the model's shapes cannot say: a stream that is switched on must name where it goes and
 * the role that publishes to it. (Patterns, lengths and the status enum are the input shape's,
 * checked before any domain code runs.)
 */
function problemsOf(changes: PoolSyncConfiguration): string[] {
  const streams = changes.CognitoStreams
  if (
    streams?.StreamingStatus === 'ENABLED' &&
    (streams.StreamName === undefined || streams.RoleArn === undefined)
  )
    return ['CognitoStreams with StreamingStatus ENABLED needs a StreamName and a RoleArn.']
  return []
}

/** The pool's sync configuration, with nothing in it for a pool never configured. */
export async function poolSyncConfiguration(
  services: { stores: Stores },
  identityPoolId: string,
): Promise<PoolSyncConfiguration> {
  const record = await services.stores
    .identityPool(identityPoolId)
    .get<PoolSyncConfiguration>(poolSyncKeys.configuration)
  return record?.value ?? {}
}

/**
 * SetIdentityPoolConfiguration: each member given (PushSync, CognitoStreams) replaces the stored
 * one whole; a member left out stays as it was. The write expects the version it read, so of two concurrent changes one gets
 * ConcurrentModificationException rather than silently undoing the other.
 */
export async function setPoolSyncConfiguration(
  services: { stores: Stores },
  identityPoolId: string,
  changes: PoolSyncConfiguration,
): Promise<PoolSyncConfiguration> {
  const [problem] = problemsOf(changes)
  if (problem !== undefined) throw new InvalidParameterException(problem)
  const store = services.stores.identityPool(identityPoolId)
  const key = poolSyncKeys.configuration
  const current = await store.get<PoolSyncConfiguration>(key)
  const next: PoolSyncConfiguration = {
    ...current?.value,
    ...(changes.PushSync ? { PushSync: changes.PushSync } : {}),
    ...(changes.CognitoStreams ? { CognitoStreams: changes.CognitoStreams } : {}),
  }
  const result = await store.commit({
    expect: [{ key, version: current?.version ?? 0 }],
    put: [{ key, value: next }],
  })
  if (!result.ok)
    throw new ConcurrentModificationException(
      'The identity pool configuration was changed by another request; read it and try again.',
    )
  return next
}

/** Whether the pool streams its syncs: CognitoStreams configured with StreamingStatus ENABLED. */
export function streamingEnabled(configuration: PoolSyncConfiguration): boolean {
  const streams = configuration.CognitoStreams
  return streams?.StreamingStatus === 'ENABLED' && streams.StreamName !== undefined
}
