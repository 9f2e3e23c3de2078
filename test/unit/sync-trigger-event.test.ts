import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { patchesFromAnswer } from '../../src/sync/events/sync-trigger-answer'
import { syncTriggerEvent } from '../../src/sync/events/sync-trigger-event'

const golden = readFileSync('test/unit/fixtures/sync-trigger-event.json', 'utf8')

const current = new Map([
  ['level', '3'],
  ['title', 'squire'],
  ['coins', '120'],
])
const event = syncTriggerEvent({
  region: 'us-east-1',
  identityPoolId: 'us-east-1:177a950c-2c08-43f0-9983-28727EXAMPLE',
  identityId: 'us-east-1:23ec4050-6aea-7089-a2dd-08002EXAMPLE',
  datasetName: 'game',
  current,
  patches: [
    { op: 'replace', key: 'level', value: '4' },
    { op: 'remove', key: 'coins' },
    { op: 'replace', key: 'badge', value: 'gold' },
  ],
})

describe('the SyncTrigger event', () => {
  it("is Cognito's version 2 event with every record of the dataset (golden JSON)", () => {
    expect(JSON.parse(JSON.stringify(event))).toEqual(JSON.parse(golden))
  })

  it('returned unchanged, writes what the caller patched and nothing else', () => {
    expect(patchesFromAnswer(event, current, JSON.stringify(event))).toEqual({
      ok: true,
      patches: [
        { op: 'replace', key: 'level', value: '4' },
        { op: 'remove', key: 'coins' },
        { op: 'replace', key: 'badge', value: 'gold' },
      ],
    })
  })

  it("rewritten as the guide's sample function does: modified, removed, added, omitted", () => {
    const answer = structuredClone(event)
    answer.datasetRecords.level = { ...answer.datasetRecords.level!, newValue: '5' }
    answer.datasetRecords.title = { ...answer.datasetRecords.title!, op: 'remove' }
    answer.datasetRecords.award = { newValue: 'first-level', op: 'replace' }
    delete answer.datasetRecords.badge
    // A null value removes a record too.
    answer.datasetRecords.coins = { oldValue: '120', newValue: null, op: 'replace' }
    expect(patchesFromAnswer(event, current, JSON.stringify(answer))).toEqual({
      ok: true,
      patches: [
        { op: 'replace', key: 'level', value: '5' },
        { op: 'remove', key: 'title' },
        { op: 'remove', key: 'coins' },
        { op: 'replace', key: 'award', value: 'first-level' },
      ],
    })
  })

  it('refuses an answer that is not the event or changes a read-only member', () => {
    const refused = (body: string) => patchesFromAnswer(event, current, body).ok
    expect(refused('not json')).toBe(false)
    expect(refused('[]')).toBe(false)
    expect(refused(JSON.stringify({ ...event, identityId: 'us-east-1:someone-else' }))).toBe(false)
    expect(refused(JSON.stringify({ ...event, datasetName: 'other' }))).toBe(false)
    expect(refused(JSON.stringify({ ...event, datasetRecords: [] }))).toBe(false)
    expect(
      refused(JSON.stringify({ ...event, datasetRecords: { a: { op: 'upsert', newValue: 'x' } } })),
    ).toBe(false)
    expect(
      refused(JSON.stringify({ ...event, datasetRecords: { a: { op: 'replace', newValue: 7 } } })),
    ).toBe(false)
    expect(refused(JSON.stringify({ ...event, datasetRecords: { a: { op: 'replace' } } }))).toBe(
      false,
    )
  })
})
