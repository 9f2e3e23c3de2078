import type { CheckedPatch, SyncTriggerEvent } from './sync-trigger-event'

/** The members of the event a function may not change (cognito-events.md: read-only). */
const READ_ONLY = [
  'version',
  'eventType',
  'region',
  'identityPoolId',
  'identityId',
  'datasetName',
] as const

/**
 * The writes a SyncTrigger's answer asks for, or why the answer is not a SyncTrigger event.
 * Cognito's rules: the answer has the event's shape and its read-only members unchanged; a record
 * with `op: "remove"` or a null `newValue` is removed; one with `op: "replace"` gets its
 * `newValue`, and may be a record the dataset did not hold (an added one); a record the answer
 * omits is not written at all, even if the caller patched it. A record whose answer leaves it as
 * it is (its current value, or a removal of a record that is not there) is no write.
 */
export function patchesFromAnswer(
  sent: SyncTriggerEvent,
  current: ReadonlyMap<string, string>,
  body: string,
): { ok: true; patches: CheckedPatch[] } | { ok: false; reason: string } {
  let answer: unknown
  try {
    answer = JSON.parse(body)
  } catch {
    return { ok: false, reason: 'the answer is not JSON' }
  }
  if (!isObject(answer)) return { ok: false, reason: 'the answer is not an event object' }
  for (const member of READ_ONLY)
    if (answer[member] !== sent[member])
      return { ok: false, reason: `the answer changed the read-only member ${member}` }
  const records = answer.datasetRecords
  if (!isObject(records)) return { ok: false, reason: 'the answer has no datasetRecords object' }
  const patches: CheckedPatch[] = []
  for (const [key, record] of Object.entries(records)) {
    if (!isObject(record)) return { ok: false, reason: `datasetRecords.${key} is not an object` }
    const { op, newValue } = record
    if (op !== 'replace' && op !== 'remove')
      return { ok: false, reason: `datasetRecords.${key}.op is not replace or remove` }
    if (newValue !== undefined && newValue !== null && typeof newValue !== 'string')
      return { ok: false, reason: `datasetRecords.${key}.newValue is not a string or null` }
    const stored = current.get(key)
    if (op === 'remove' || newValue === null) {
      if (stored !== undefined) patches.push({ op: 'remove', key })
    } else if (newValue === undefined)
      return { ok: false, reason: `datasetRecords.${key} replaces with no newValue` }
    else if (newValue !== stored) patches.push({ op: 'replace', key, value: newValue })
  }
  return { ok: true, patches }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
