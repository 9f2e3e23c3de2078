import { MergeDeveloperIdentitiesCommand } from '@aws-sdk/client-cognito-identity'
import {
  DeleteDatasetCommand,
  ListDatasetsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cognito-sync'
import { describe, expect, it } from 'vitest'
import { resolveDeveloperIdentity } from '../../../src/identitypool/identities/developer-identities'
import { AUTH } from '../support/app'
import { syncFixture } from '../support/sync-fixture'
import { pull, push, replace } from '../support/sync-records'

/**
 * When identities merge, the merged-away identity's datasets appear in the one kept as
 * `{datasetName}.{sourceIdentityId}`, named in ListRecords' MergedDatasetNames of `{datasetName}`,
 * which is what Cognito Sync's clients open, merge and delete.
 */
describe('merged identities’ datasets', () => {
  it('survive a guest’s sign-in into an identity that already had the login', async () => {
    const t = await syncFixture()
    const token = await t.users.signIn('alice')
    const logins = { [t.users.provider]: token }
    // Alice signed in on her phone before: her login has an identity with data of its own.
    const phone = await t.device(logins)
    await push(phone.sync, { poolId: t.poolId, identityId: phone.identityId }, 'prefs', [
      replace('theme', 'light'),
    ])
    // On her tablet she used the app as a guest, then signs in: the guest is merged into hers.
    const tablet = await t.device()
    const guestAt = { poolId: t.poolId, identityId: tablet.identityId }
    await push(tablet.sync, guestAt, 'prefs', [replace('theme', 'dark'), replace('font', 'big')])
    await push(tablet.sync, guestAt, 'scores', [replace('best', '42')])
    const signedIn = await t.device(logins, tablet.identityId)
    expect(signedIn.identityId).toBe(phone.identityId)

    const mine = { poolId: t.poolId, identityId: phone.identityId }
    const mergedName = `prefs.${tablet.identityId}`
    const own = await pull(signedIn.sync, mine, 'prefs')
    expect(own.MergedDatasetNames).toEqual([mergedName])
    expect(own.Records!.map((r) => [r.Key, r.Value])).toEqual([['theme', 'light']])
    const merged = await pull(signedIn.sync, mine, mergedName)
    expect(merged.DatasetExists).toBe(true)
    expect(merged.Records!.map((r) => [r.Key, r.Value])).toEqual([
      ['font', 'big'],
      ['theme', 'dark'],
    ])
    const listed = await signedIn.sync.send(
      new ListDatasetsCommand({ IdentityPoolId: t.poolId, IdentityId: phone.identityId }),
    )
    expect(listed.Datasets!.map((d) => d.DatasetName).sort()).toEqual(
      ['prefs', mergedName, `scores.${tablet.identityId}`].sort(),
    )
    // The client merges it into its own dataset, then deletes it: the merge is no longer reported.
    await signedIn.sync.send(
      new DeleteDatasetCommand({
        IdentityPoolId: t.poolId,
        IdentityId: phone.identityId,
        DatasetName: mergedName,
      }),
    )
    expect((await pull(signedIn.sync, mine, 'prefs')).MergedDatasetNames).toEqual([])
    // The guest's old credentials were revoked by the merge.
    await expect(pull(tablet.sync, guestAt, 'prefs')).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
      $metadata: { httpStatusCode: 403 },
    })
  })

  it('follow MergeDeveloperIdentities into the destination', async () => {
    const t = await syncFixture({ developerProvider: 'login.example' })
    const context = {
      services: t.app.runtime.services,
      issuerOrigin: AUTH,
      loginEndpoints: t.app.runtime.loginEndpoints,
    }
    const developerIdentity = async (identifier: string) =>
      (
        await resolveDeveloperIdentity(context, t.poolId, undefined, {
          'login.example': identifier,
        })
      ).identityId
    const destination = await developerIdentity('dest')
    const source = await developerIdentity('src')
    await push(t.adminSync, { poolId: t.poolId, identityId: source }, 'notes', [
      replace('n', 'from source'),
    ])
    await t.identity.send(
      new MergeDeveloperIdentitiesCommand({
        IdentityPoolId: t.poolId,
        DeveloperProviderName: 'login.example',
        SourceUserIdentifier: 'src',
        DestinationUserIdentifier: 'dest',
      }),
    )
    const at = { poolId: t.poolId, identityId: destination }
    expect((await pull(t.adminSync, at, 'notes')).MergedDatasetNames).toEqual([`notes.${source}`])
    const copied = await pull(t.adminSync, at, `notes.${source}`)
    expect(copied.Records!.map((r) => r.Value)).toEqual(['from source'])
    // The source is merged away: a write there would never reach the copy, so none is taken,
    // not even an admin key's; what it holds can still be read.
    const sourceAt = { poolId: t.poolId, identityId: source }
    await expect(
      push(t.adminSync, sourceAt, 'notes', [replace('n', 'too late', 1)]),
    ).rejects.toBeInstanceOf(ResourceNotFoundException)
    expect((await pull(t.adminSync, sourceAt, 'notes')).Records!.map((r) => r.Value)).toEqual([
      'from source',
    ])
  })

  it('shortens a merged name that would pass 128 characters, and still reports it', async () => {
    const t = await syncFixture({ developerProvider: 'login.example' })
    const context = {
      services: t.app.runtime.services,
      issuerOrigin: AUTH,
      loginEndpoints: t.app.runtime.loginEndpoints,
    }
    const developerIdentity = async (identifier: string) =>
      (
        await resolveDeveloperIdentity(context, t.poolId, undefined, {
          'login.example': identifier,
        })
      ).identityId
    const destination = await developerIdentity('dest')
    const source = await developerIdentity('src')
    // Two long names alike in their first 100 characters: each gets a merged name of its own.
    const long = (tail: string) => `${'a'.repeat(100)}${tail}`
    for (const name of [long('-one'), long('-two')])
      await push(t.adminSync, { poolId: t.poolId, identityId: source }, name, [
        replace('k', name.slice(-3)),
      ])
    await t.identity.send(
      new MergeDeveloperIdentitiesCommand({
        IdentityPoolId: t.poolId,
        DeveloperProviderName: 'login.example',
        SourceUserIdentifier: 'src',
        DestinationUserIdentifier: 'dest',
      }),
    )
    const at = { poolId: t.poolId, identityId: destination }
    for (const tail of ['-one', '-two']) {
      const names = (await pull(t.adminSync, at, long(tail))).MergedDatasetNames!
      expect(names).toHaveLength(1)
      const [merged] = names
      expect(merged).toHaveLength(128)
      expect(merged).toMatch(new RegExp(`^a+-[0-9a-f]{8}\\.${source.replace(':', '\\:')}$`))
      const copied = await pull(t.adminSync, at, merged!)
      expect(copied.Records!.map((r) => r.Value)).toEqual([tail.slice(-3)])
    }
  })

  it('does not report a dataset a client merely named like a merged one', async () => {
    const t = await syncFixture()
    const me = await t.device()
    const at = { poolId: t.poolId, identityId: me.identityId }
    await push(me.sync, at, `prefs.${me.identityId}`, [replace('k', 'v')])
    expect((await pull(me.sync, at, 'prefs')).MergedDatasetNames).toEqual([])
  })
})
