import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminSetUserPasswordCommand,
  type AttributeType,
  ListUsersCommand,
  type ListUsersCommandInput,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { adminClient, createPool } from './support/clients'

const admin = adminClient()
const USERS = 24

interface Seeded {
  username: string
  email: string
  given: string
  family: string
  phone?: string
  disabled: boolean
  confirmed: boolean
}

/** A varied population: mixed-case names, quotes and backslashes, some phones, some disabled. */
function population(): Seeded[] {
  return Array.from({ length: USERS }, (_, i) => ({
    username: `user${String(i).padStart(3, '0')}`,
    email: `u${i}@${i % 2 ? 'odd' : 'even'}.example`,
    given: i % 3 === 0 ? `Ann${i}` : `ann${i}`,
    family: i % 10 === 0 ? `O"Brien\\${i}` : `Family${i % 4}`,
    ...(i % 5 === 0 ? { phone: `+1555${String(i).padStart(7, '0')}` } : {}),
    disabled: i % 7 === 0,
    confirmed: i % 4 === 0,
  }))
}

async function seed(poolId: string, users: Seeded[]): Promise<void> {
  // Bounded concurrency: enough to be quick, not so much that wrangler dev sheds load.
  for (let start = 0; start < users.length; start += 10) {
    await Promise.all(
      users.slice(start, start + 10).map(async (u) => {
        const UserAttributes: AttributeType[] = [
          { Name: 'email', Value: u.email },
          { Name: 'given_name', Value: u.given },
          { Name: 'family_name', Value: u.family },
          ...(u.phone ? [{ Name: 'phone_number', Value: u.phone }] : []),
        ]
        await admin.send(
          new AdminCreateUserCommand({
            UserPoolId: poolId,
            Username: u.username,
            MessageAction: 'SUPPRESS',
            UserAttributes,
          }),
        )
        if (u.confirmed)
          await admin.send(
            new AdminSetUserPasswordCommand({
              UserPoolId: poolId,
              Username: u.username,
              Password: 'Listed-Pass-42',
              Permanent: true,
            }),
          )
        if (u.disabled)
          await admin.send(
            new AdminDisableUserCommand({ UserPoolId: poolId, Username: u.username }),
          )
      }),
    )
  }
}

/** Follows PaginationToken to the end; returns every page. */
async function pages(input: ListUsersCommandInput): Promise<UserType[][]> {
  const out: UserType[][] = []
  let token: string | undefined
  do {
    const page = await admin.send(new ListUsersCommand({ ...input, PaginationToken: token }))
    out.push(page.Users ?? [])
    token = page.PaginationToken
    expect(out.length).toBeLessThan(400)
  } while (token)
  return out
}

const names = (users: UserType[]) => users.map((u) => u.Username!)
const sorted = (list: string[]) => [...list].sort()

// The listing rules (every page size, every filter, every refusal, one and three partitions) are
// tested on the in-process Worker in test/unit/list-users.test.ts; this is the SDK's contract.
describe('ListUsers', () => {
  let poolId: string
  let seeded: Seeded[]

  beforeAll(async () => {
    poolId = await createPool({
      Schema: [{ Name: 'team', AttributeDataType: 'String', Mutable: true }],
    })
    seeded = population()
    await seed(poolId, seeded)
  }, 180_000)

  it('returns every user exactly once over pages, across partitions', async () => {
    expect(inject('partitions')).toBeGreaterThanOrEqual(1)
    const all = await pages({ UserPoolId: poolId, Limit: 7 })
    expect(all.length).toBeGreaterThanOrEqual(4)
    for (const page of all) expect(page.length).toBeLessThanOrEqual(7)
    const listed = names(all.flat())
    expect(listed).toHaveLength(USERS)
    expect(sorted(listed)).toEqual(sorted(seeded.map((u) => u.username)))
    const one = all.flat().find((u) => u.Username === 'user007')!
    expect(one).toMatchObject({ Enabled: false, UserStatus: 'FORCE_CHANGE_PASSWORD' })
    expect(one.UserCreateDate).toBeInstanceOf(Date)
    expect(one.Attributes?.find((a) => a.Name === 'email')?.Value).toBe('u7@odd.example')
    expect(one.Attributes?.find((a) => a.Name === 'sub')?.Value).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('filters, paged, each match exactly once', async () => {
    const all = await pages({ UserPoolId: poolId, Filter: 'email ^= "u1"', Limit: 2 })
    const listed = names(all.flat())
    expect(sorted(listed)).toEqual(
      sorted(seeded.filter((u) => u.email.startsWith('u1')).map((u) => u.username)),
    )
  })

  it('returns only the attributes asked for with AttributesToGet', async () => {
    const trimmed = await admin.send(
      new ListUsersCommand({ UserPoolId: poolId, AttributesToGet: ['email', 'sub'], Limit: 5 }),
    )
    expect(trimmed.Users).toHaveLength(5)
    for (const user of trimmed.Users!)
      expect(user.Attributes!.map((a) => a.Name).sort()).toEqual(['email', 'sub'])
  })

  it('refuses bad limits, forged tokens and tokens from another query or pool', async () => {
    for (const Limit of [61, -1])
      await expect(
        admin.send(new ListUsersCommand({ UserPoolId: poolId, Limit })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(
      admin.send(new ListUsersCommand({ UserPoolId: poolId, Limit: '5' as unknown as number })),
    ).rejects.toMatchObject({ name: 'SerializationException' })
    await expect(
      admin.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 1.5 })),
    ).rejects.toMatchObject({ name: 'SerializationException' })
    const first = await admin.send(
      new ListUsersCommand({ UserPoolId: poolId, Limit: 2, Filter: 'email ^= "u"' }),
    )
    const token = first.PaginationToken!
    expect(token).toBeTruthy()
    // The same query continues; a different filter, another pool or a tampered token do not.
    expect(
      (
        await admin.send(
          new ListUsersCommand({
            UserPoolId: poolId,
            Limit: 2,
            Filter: 'email ^= "u"',
            PaginationToken: token,
          }),
        )
      ).Users,
    ).toHaveLength(2)
    await expect(
      admin.send(
        new ListUsersCommand({
          UserPoolId: poolId,
          Filter: 'email ^= "u1"',
          PaginationToken: token,
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(
      admin.send(new ListUsersCommand({ UserPoolId: poolId, PaginationToken: token })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    const otherPool = await createPool()
    await expect(
      admin.send(
        new ListUsersCommand({
          UserPoolId: otherPool,
          Filter: 'email ^= "u"',
          PaginationToken: token,
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    const tampered = token.slice(0, -2) + (token.endsWith('A') ? 'BB' : 'AA')
    for (const PaginationToken of ['forged-token', tampered, 'A'.repeat(200)]) {
      await expect(
        admin.send(
          new ListUsersCommand({ UserPoolId: poolId, Filter: 'email ^= "u"', PaginationToken }),
        ),
        PaginationToken,
      ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    }
    await expect(
      admin.send(new ListUsersCommand({ UserPoolId: 'us-east-1_NoSuchPool' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
    await expect(admin.send(new ListUsersCommand({} as never))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    })
  })
})

describe('ListUsers in small and case-insensitive pools', () => {
  it('answers an empty pool with no users and no token', async () => {
    const poolId = await createPool()
    const out = await admin.send(new ListUsersCommand({ UserPoolId: poolId }))
    expect(out.Users).toEqual([])
    expect(out.PaginationToken).toBeUndefined()
  })

  it('compares usernames without case where the pool does, and lists an UNCONFIRMED user after it is confirmed', async () => {
    const poolId = await createPool({ UsernameConfiguration: { CaseSensitive: false } })
    for (const Username of ['Zoe', 'zack', 'Yann'])
      await admin.send(
        new AdminCreateUserCommand({ UserPoolId: poolId, Username, MessageAction: 'SUPPRESS' }),
      )
    expect(
      sorted(names((await pages({ UserPoolId: poolId, Filter: 'username ^= "Z"' })).flat())),
    ).toEqual(['Zoe', 'zack'])
    expect(names((await pages({ UserPoolId: poolId, Filter: 'username = "ZOE"' })).flat())).toEqual(
      ['Zoe'],
    )
    await expect(
      admin.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'zoe' })),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' })
    expect(
      names(
        (
          await pages({
            UserPoolId: poolId,
            Filter: 'cognito:user_status = "force_change_password"',
            Limit: 1,
          })
        ).flat(),
      ),
    ).toHaveLength(3)
  })
})
