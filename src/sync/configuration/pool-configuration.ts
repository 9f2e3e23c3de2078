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

// The service model's patterns and lengths (ApplicationArn, AssumeRoleArn, StreamName), anchored
// as AWS applies them: the whole value must match.
const APPLICATION_ARN = /^arn:aws:sns:[-0-9a-z]+:\d+:app\/[A-Z_]+\/[a-zA-Z0-9_.-]+$/
const ROLE_ARN = /^arn:aws:iam::\d+:role\/.*$/s
const STREAMING_STATUSES = ['ENABLED', 'DISABLED'] as const

function checkRoleArn(path: string, value: string | undefined, problems: string[]): void {
  if (value === undefined) return
  if (value.length < 20 || value.length > 2048)
    problems.push(
      `Value at '${path}' failed to satisfy constraint: Member must have length between 20 and 2048`,
    )
  else if (!ROLE_ARN.test(value))
    problems.push(
      `Value at '${path}' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:aws:iam::\\d+:role/.*`,
    )
}

function problemsOf(changes: PoolSyncConfiguration): string[] {
  const problems: string[] = []
  const push = changes.PushSync
  if (push) {
    for (const [i, arn] of (push.ApplicationArns ?? []).entries())
      if (!APPLICATION_ARN.test(arn))
        problems.push(
          `Value at 'pushSync.applicationArns.${i + 1}.member' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:aws:sns:[-0-9a-z]+:\\d+:app/[A-Z_]+/[a-zA-Z0-9_.-]+`,
        )
    checkRoleArn('pushSync.roleArn', push.RoleArn, problems)
  }
  const streams = changes.CognitoStreams
  if (streams) {
    const name = streams.StreamName
    if (name !== undefined && (name.length < 1 || name.length > 128))
      problems.push(
        `Value at 'cognitoStreams.streamName' failed to satisfy constraint: Member must have length between 1 and 128`,
      )
    checkRoleArn('cognitoStreams.roleArn', streams.RoleArn, problems)
    const status = streams.StreamingStatus
    if (status !== undefined && !STREAMING_STATUSES.includes(status))
      problems.push(
        `Value at 'cognitoStreams.streamingStatus' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]`,
      )
    // A stream that is switched on must say where it goes and which role publishes to it.
    if (status === 'ENABLED' && (name === undefined || streams.RoleArn === undefined))
      problems.push('CognitoStreams with StreamingStatus ENABLED needs a StreamName and a RoleArn.')
  }
  return problems
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
 * one whole; a member left out stays as it was. Values are held to the model's patterns and
 * lengths. The write expects the version it read, so of two concurrent changes one gets
 * ConcurrentModificationException rather than silently undoing the other.
 */
export async function setPoolSyncConfiguration(
  services: { stores: Stores },
  identityPoolId: string,
  changes: PoolSyncConfiguration,
): Promise<PoolSyncConfiguration> {
  const problems = problemsOf(changes)
  if (problems.length > 0)
    throw new InvalidParameterException(
      `${problems.length} validation error${problems.length > 1 ? 's' : ''} detected: ${problems.join('; ')}`,
    )
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

/** Whether push sync is configured: at least one SNS platform application and a role. */
export function pushSyncConfigured(configuration: PoolSyncConfiguration): boolean {
  const push = configuration.PushSync
  return (push?.ApplicationArns?.length ?? 0) > 0 && push?.RoleArn !== undefined
}
