import {
  DeleteDatasetCommand,
  ListDatasetsCommand,
  NotAuthorizedException,
  InvalidParameterException,
} from '@aws-sdk/client-cognito-sync'
import { describe, expect, it } from 'vitest'
import { AUTH } from '../support/app'
import { syncFixture, syncPolicy } from '../support/sync-fixture'
import { push, replace } from '../support/sync-records'

const list = (identityPoolId: string, identityId: string) =>
  new ListDatasetsCommand({ IdentityPoolId: identityPoolId, IdentityId: identityId })

describe('ListDatasets', () => {
  it('lists a new identity’s datasets (none) with its own credentials and with the admin key', async () => {
    const t = await syncFixture()
    const guest = await t.device()
    expect(await guest.sync.send(list(t.poolId, guest.identityId))).toMatchObject({
      Datasets: [],
      Count: 0,
    })
    expect(await t.adminSync.send(list(t.poolId, guest.identityId))).toMatchObject({ Count: 0 })
  })

  it('answers under the /sync prefix too', async () => {
    const t = await syncFixture()
    const guest = await t.device()
    const prefixed = t.syncAs(guest.answer, `${AUTH}/sync`)
    expect(await prefixed.send(list(t.poolId, guest.identityId))).toMatchObject({ Count: 0 })
  })

  it('refuses another identity’s datasets, whatever the role allows', async () => {
    const t = await syncFixture()
    const alice = await t.device()
    const bob = await t.device()
    const refused = await alice.sync.send(list(t.poolId, bob.identityId)).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(NotAuthorizedException)
    expect((refused as NotAuthorizedException).$metadata.httpStatusCode).toBe(403)
  })

  it('asks the role’s policies for cognito-sync:ListDatasets on the identity’s ARN', async () => {
    const t = await syncFixture({
      policy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'cognito-sync:DescribeDataset', Resource: '*' }],
      },
    })
    const guest = await t.device()
    await expect(guest.sync.send(list(t.poolId, guest.identityId))).rejects.toBeInstanceOf(
      NotAuthorizedException,
    )
  })

  it('evaluates policy variables: a role limited to its own identity’s ARN may list', async () => {
    const t = await syncFixture({
      policy: syncPolicy(
        '',
        ['cognito-sync:ListDatasets'],
        'arn:aws:cognito-sync:us-east-1:000000000000:identitypool/${cognito-identity.amazonaws.com:aud}/identity/${cognito-identity.amazonaws.com:sub}',
      ),
    })
    const guest = await t.device()
    expect(await guest.sync.send(list(t.poolId, guest.identityId))).toMatchObject({ Count: 0 })
  })

  it('refuses an identity that is not the pool’s, and ids breaking the model’s pattern', async () => {
    const t = await syncFixture()
    await expect(
      t.adminSync.send(list(t.poolId, 'us-east-1:00000000-0000-0000-0000-000000000000')),
    ).rejects.toBeInstanceOf(InvalidParameterException)
    const malformed = await t.adminSync.send(list(t.poolId, 'not an id')).then(
      () => undefined,
      (e: unknown) => e as InvalidParameterException,
    )
    expect(malformed).toBeInstanceOf(InvalidParameterException)
    expect(malformed?.message).toContain('identityId')
  })

  it('pages datasets in name order, and leaves deleted ones out', async () => {
    const t = await syncFixture()
    const me = await t.device()
    const at = { poolId: t.poolId, identityId: me.identityId }
    for (const name of ['c', 'a', 'd', 'b']) await push(me.sync, at, name, [replace('k', 'v')])
    await me.sync.send(
      new DeleteDatasetCommand({
        IdentityPoolId: t.poolId,
        IdentityId: me.identityId,
        DatasetName: 'c',
      }),
    )
    const names: string[] = []
    let NextToken: string | undefined
    do {
      const page = await me.sync.send(
        new ListDatasetsCommand({
          IdentityPoolId: t.poolId,
          IdentityId: me.identityId,
          MaxResults: 2,
          ...(NextToken ? { NextToken } : {}),
        }),
      )
      expect(page.Count).toBe(page.Datasets!.length)
      names.push(...page.Datasets!.map((d) => d.DatasetName!))
      NextToken = page.NextToken
    } while (NextToken)
    expect(names).toEqual(['a', 'b', 'd'])
  })
})
