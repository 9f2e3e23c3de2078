import { InvalidParameterException, TooManyRequestsException } from '../../errors/sync'
import type { Stores } from '../../storage/record-store'
import { poolSyncKeys } from '../store/pool-sync-keys'

/**
 * The events Cognito raises, by the names SetCognitoEvents keys them with: only the Sync Trigger,
 * raised when a dataset is synchronized (see the guide's "Amazon Cognito Events").
 */
const EVENT_TYPES = ['SyncTrigger'] as const
export type CognitoEventType = (typeof EVENT_TYPES)[number]

/** A pool's events: the function ARN each event runs. */
export type CognitoEvents = Partial<Record<CognitoEventType, string>>

/**
 * A Lambda function ARN, optionally with a version or alias, as Lambda spells it. The function is
 * reached as the Worker's trigger targets map its ARN (a service binding, a webhook or Lambda).
 */
const LAMBDA_FUNCTION_ARN =
  /^arn:aws[a-zA-Z-]*:lambda:[a-z]{2}(-gov)?-[a-z]+-\d{1}:\d{12}:function:[a-zA-Z0-9-_]{1,64}(:(\$LATEST|[a-zA-Z0-9-_]{1,128}))?$/

/** Read-merge-write attempts before a burst of concurrent changes is throttled. */
const WRITE_ATTEMPTS = 5

const isEventType = (key: string): key is CognitoEventType =>
  (EVENT_TYPES as readonly string[]).includes(key)

/** The pool's events (GetCognitoEvents); none for a pool that never set any. */
export async function cognitoEvents(
  services: { stores: Stores },
  identityPoolId: string,
): Promise<CognitoEvents> {
  const record = await services.stores
    .identityPool(identityPoolId)
    .get<CognitoEvents>(poolSyncKeys.events)
  return record?.value ?? {}
}

/**
 * SetCognitoEvents: sets the function of each event named, and only those (the others stay); an
 * empty value removes that event's function, as the model documents. Unknown event types and
 * values that are not Lambda function ARNs are refused before anything is written.
 */
export async function setCognitoEvents(
  services: { stores: Stores },
  identityPoolId: string,
  changes: Record<string, string>,
): Promise<void> {
  const entries = Object.entries(changes)
  for (const [type, arn] of entries) {
    if (!isEventType(type))
      throw new InvalidParameterException(
        `Invalid event type ${JSON.stringify(type.slice(0, 64))}: the only event is SyncTrigger.`,
      )
    if (arn !== '' && !LAMBDA_FUNCTION_ARN.test(arn))
      throw new InvalidParameterException(
        `The ${type} function must be a Lambda function ARN (arn:aws:lambda:{region}:{account}:function:{name}).`,
      )
  }
  const store = services.stores.identityPool(identityPoolId)
  const key = poolSyncKeys.events
  // Each change names its own events only, so a concurrent change to another event must not be
  // lost: read, merge, and write expecting the version read, again if someone got in between.
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
    const current = await store.get<CognitoEvents>(key)
    const next: CognitoEvents = { ...current?.value }
    for (const [type, arn] of entries as Array<[CognitoEventType, string]>)
      if (arn === '') delete next[type]
      else next[type] = arn
    const result = await store.commit({
      expect: [{ key, version: current?.version ?? 0 }],
      put: [{ key, value: next }],
    })
    if (result.ok) return
  }
  throw new TooManyRequestsException(
    'Too many concurrent changes to the Cognito events; try again.',
  )
}
