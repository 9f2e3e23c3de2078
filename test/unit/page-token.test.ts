import { describe, expect, it } from 'vitest'
import {
  isKeyCursor,
  isPartitionCursor,
  openPageToken,
  type PagedQuery,
  sealPageToken,
} from '../../src/api/page-token'
import type { TargetContext } from '../../src/api/target'
import { targets } from '../../src/api/targets'
import { InvalidParameterException } from '../../src/errors/cognito'
import { createGroup } from '../../src/userpool/groups/groups'
import { poolWithClient, testServices } from './support/user-pool'

const groups: PagedQuery = { operation: 'ListGroups', poolId: 'us-east-1_A' }

describe('page tokens', () => {
  it('carry a cursor from one page to the next, and nothing on the last page', async () => {
    const { services } = testServices()
    const key = await sealPageToken(services, groups, 'group-7')
    expect(await openPageToken(services, groups, key, isKeyCursor)).toBe('group-7')
    const users: PagedQuery = {
      operation: 'ListUsers',
      poolId: 'us-east-1_A',
      params: { Filter: 'email ^= "a"' },
    }
    const position = await sealPageToken(services, users, { partition: 1, after: 'u/x' })
    expect(await openPageToken(services, users, position, isPartitionCursor(3))).toEqual({
      partition: 1,
      after: 'u/x',
    })
    expect(await sealPageToken(services, groups, undefined)).toBeUndefined()
    expect(await openPageToken(services, groups, undefined, isKeyCursor)).toBeUndefined()
  })

  it('continue only the query they were issued for: operation, pool and parameters', async () => {
    const { services } = testServices()
    const query: PagedQuery = {
      operation: 'ListUsersInGroup',
      poolId: 'us-east-1_A',
      params: { GroupName: 'staff', Other: 'x' },
    }
    const token = await sealPageToken(services, query, { partition: 0 })
    // The order parameters are named in is not part of the query.
    const reordered = { ...query, params: { Other: 'x', GroupName: 'staff' } }
    expect(await openPageToken(services, reordered, token, isPartitionCursor(1))).toEqual({
      partition: 0,
    })
    for (const other of [
      { ...query, operation: 'ListUsers' },
      { ...query, poolId: 'us-east-1_B' },
      { ...query, params: { GroupName: 'admins', Other: 'x' } },
      { ...query, params: { GroupName: 'staff' } },
    ])
      await expect(
        openPageToken(services, other, token, isPartitionCursor(1)),
        JSON.stringify(other),
      ).rejects.toThrow(new InvalidParameterException('Invalid pagination token.'))
  })

  it('refuse a tampered, forged or misshapen token', async () => {
    const { services } = testServices()
    const token = (await sealPageToken(services, groups, 'g'))!
    // A character in the middle: all six of its bits are data (the last one's may be padding).
    const mid = Math.floor(token.length / 2)
    const tampered = token.slice(0, mid) + (token[mid] === 'A' ? 'g' : 'A') + token.slice(mid + 1)
    for (const bad of [tampered, 'forged-token', 'A'.repeat(200), ''])
      await expect(openPageToken(services, groups, bad, isKeyCursor), bad).rejects.toBeInstanceOf(
        InvalidParameterException,
      )
    // A position in a partition the pool does not have is refused, like any foreign cursor.
    const far = await sealPageToken(services, groups, { partition: 5 })
    await expect(openPageToken(services, groups, far, isPartitionCursor(3))).rejects.toBeInstanceOf(
      InvalidParameterException,
    )
    await expect(openPageToken(services, groups, far, isKeyCursor)).rejects.toBeInstanceOf(
      InvalidParameterException,
    )
  })

  it('expire an hour after they were issued', async () => {
    const { services, advance } = testServices()
    const token = await sealPageToken(services, groups, 'g')
    advance(3_600_000)
    expect(await openPageToken(services, groups, token, isKeyCursor)).toBe('g')
    advance(1)
    await expect(openPageToken(services, groups, token, isKeyCursor)).rejects.toThrow(
      new InvalidParameterException('The pagination token has expired.'),
    )
  })

  it('issued by one list operation are refused by the others and by other pools', async () => {
    const { services } = testServices()
    const context: TargetContext = {
      services,
      issuerOrigin: 'https://idp.example',
      loginEndpoints: {
        googleIssuer: 'https://accounts.google.com',
        appleIssuer: 'https://appleid.apple.com',
        facebookGraphUrl: 'https://graph.facebook.com',
        amazonApiUrl: 'https://api.amazon.com',
      },
      requestId: 'r',
      sourceIp: undefined,
      signals: {},
      awsSdkVersion: 'aws-sdk-unknown-unknown',
    }
    const call = (operation: string, input: object) =>
      targets[operation]!.handle(input as never, context) as Promise<Record<string, unknown>>
    const { pool } = await poolWithClient(services)
    const { pool: other } = await poolWithClient(services)
    for (const name of ['a', 'b', 'c']) await createGroup(services, pool, name, {})
    const first = await call('ListGroups', { UserPoolId: pool.Id, Limit: 2 })
    const token = first.NextToken as string
    expect(token).toBeTruthy()
    const second = await call('ListGroups', { UserPoolId: pool.Id, NextToken: token })
    expect((second.Groups as Array<{ GroupName: string }>).map((g) => g.GroupName)).toEqual(['c'])
    expect(second.NextToken).toBeUndefined()
    const elsewhere: Array<[string, object]> = [
      ['ListGroups', { UserPoolId: other.Id, NextToken: token }],
      ['ListUserPoolClients', { UserPoolId: pool.Id, NextToken: token }],
      ['ListResourceServers', { UserPoolId: pool.Id, NextToken: token }],
      ['ListIdentityProviders', { UserPoolId: pool.Id, NextToken: token }],
      ['ListUsers', { UserPoolId: pool.Id, PaginationToken: token }],
      ['ListUsersInGroup', { UserPoolId: pool.Id, GroupName: 'a', NextToken: token }],
      ['ListUserPools', { MaxResults: 10, NextToken: token }],
    ]
    for (const [operation, input] of elsewhere)
      await expect(call(operation, input), operation).rejects.toBeInstanceOf(
        InvalidParameterException,
      )
  })
})
