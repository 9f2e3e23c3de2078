import {
  InvalidLambdaFunctionOutputException,
  LambdaSocketTimeoutException,
  LambdaThrottledException,
} from '../../errors/sync'
import { attemptOnce } from '../../userpool/triggers/run-trigger'
import { cognitoEvents } from '../events/cognito-events'
import type { SyncServices } from '../services'
import { patchesFromAnswer } from './sync-trigger-answer'
import { type CheckedPatch, syncTriggerEvent } from './sync-trigger-event'

/** One UpdateRecords, checked and about to be committed. */
export interface SyncAboutToCommit {
  identityPoolId: string
  identityId: string
  datasetName: string
  /** Whether the caller signed with the identity's own credentials (not developer credentials). */
  callerIsIdentity: boolean
  /** The dataset's live records, key to value, as read before the patches were checked. */
  current: ReadonlyMap<string, string>
  patches: readonly CheckedPatch[]
}

/** The function ARN of the pool's SyncTrigger, if it has one and the caller invokes it. */
export async function syncTriggerOf(
  services: SyncServices,
  identityPoolId: string,
  callerIsIdentity: boolean,
): Promise<string | undefined> {
  if (!callerIsIdentity) return undefined
  return (await cognitoEvents(services, identityPoolId)).SyncTrigger || undefined
}

/**
 * The SyncTrigger step of UpdateRecords, between the checks and the commit: when the pool's
 * events name a SyncTrigger and the caller is an identity (the guide: developer credentials do
 * not invoke it), the function gets Cognito's event and its answer's records are what is
 * written (`patchesFromAnswer`); otherwise the patches stand. One attempt, in Cognito's 5 s:
 * the client retries on LambdaThrottledException, as the guide tells it to. Runs in the Worker,
 * never inside the identity's object, which the caller then commits to with expectations on what
 * it read (a change in between is a conflict). The returned patches must be checked again
 * against the limits, as the function may have added or grown records.
 */
export async function applySyncTrigger(
  services: SyncServices,
  sync: SyncAboutToCommit,
): Promise<readonly CheckedPatch[]> {
  const arn = await syncTriggerOf(services, sync.identityPoolId, sync.callerIsIdentity)
  if (!arn) return sync.patches
  const event = syncTriggerEvent({ region: services.region, ...sync })
  const answer = await attemptOnce(services, arn, JSON.stringify(event))
  switch (answer.kind) {
    case 'returned': {
      const read = patchesFromAnswer(event, sync.current, answer.body)
      if (read.ok) return read.patches
      throw new InvalidLambdaFunctionOutputException(
        'The SyncTrigger function returned invalid output.',
        { detail: `${arn}: ${read.reason}` },
      )
    }
    case 'function-error':
      throw new InvalidLambdaFunctionOutputException(
        `The SyncTrigger function failed with error ${answer.message.slice(0, 512)}`,
      )
    case 'invalid-answer':
      throw new InvalidLambdaFunctionOutputException(
        'The SyncTrigger function returned invalid output.',
        { detail: `${arn}: ${answer.reason}` },
      )
    case 'unreachable':
      if (answer.throttled)
        throw new LambdaThrottledException('The SyncTrigger function is throttled; try again.')
      if (answer.timedOut)
        throw new LambdaSocketTimeoutException(
          'The SyncTrigger function did not answer within 5 seconds.',
        )
      // The reason may name the deployment's configuration: the log has it, the caller the code.
      console.error(`SyncTrigger ${arn} could not be invoked: ${answer.reason}`)
      throw new InvalidLambdaFunctionOutputException(
        `The SyncTrigger function could not be invoked${answer.errorCode ? ` (${answer.errorCode})` : ''}.`,
      )
  }
}
