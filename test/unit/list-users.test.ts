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
import {
  CreateUserPoolCommand,
  type CognitoIdentityProviderClient,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider'
import { beforeAll, describe, expect, it } from 'vitest'
import { testApp } from './support/app'
import { sdkClient } from './support/sdk'

let admin: CognitoIdentityProviderClient
const createPool = async (input: Partial<CreateUserPoolCommandInput> = {}) =>
  (await admin.send(new CreateUserPoolCommand({ PoolName: 'listed', ...input }))).UserPool!.Id!
const USERS = 130

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

describe.each(['1', '3'])(
  'ListUsers over %s directory partition(s), with the AWS SDK in process',
  (partitions) => {
    let poolId: string
    let seeded: Seeded[]

    beforeAll(async () => {
      admin = sdkClient(testApp({ DIRECTORY_PARTITIONS: partitions }))
      poolId = await createPool({
        Schema: [{ Name: 'team', AttributeDataType: 'String', Mutable: true }],
      })
      seeded = population()
      await seed(poolId, seeded)
    })

    it('returns every user exactly once over pages of the default size, across partitions', async () => {
      const all = await pages({ UserPoolId: poolId })
      expect(all.length).toBeGreaterThanOrEqual(3)
      for (const page of all) expect(page.length).toBeLessThanOrEqual(60)
      const listed = names(all.flat())
      expect(listed).toHaveLength(USERS)
      expect(sorted(listed)).toEqual(sorted(seeded.map((u) => u.username)))
      const one = all.flat().find((u) => u.Username === 'user007')!
      expect(one).toMatchObject({ Enabled: false, UserStatus: 'FORCE_CHANGE_PASSWORD' })
      expect(one.UserCreateDate).toBeInstanceOf(Date)
      expect(one.Attributes?.find((a) => a.Name === 'email')?.Value).toBe('u7@odd.example')
      expect(one.Attributes?.find((a) => a.Name === 'sub')?.Value).toMatch(/^[0-9a-f-]{36}$/)
    })

    it('returns every user exactly once with any page size', async () => {
      for (const Limit of [1, 7, 59, 60]) {
        const all = await pages({ UserPoolId: poolId, Limit })
        for (const page of all) expect(page.length).toBeLessThanOrEqual(Limit)
        const listed = names(all.flat())
        expect(listed, `Limit ${Limit}`).toHaveLength(USERS)
        expect(new Set(listed).size).toBe(USERS)
      }
    })

    const cases: Array<[string, (u: Seeded) => boolean]> = [
      ['username = "user007"', (u) => u.username === 'user007'],
      ['username = "USER007"', () => false],
      ['username ^= "user01"', (u) => u.username.startsWith('user01')],
      ['email ^= "u1"', (u) => u.email.startsWith('u1')],
      ['email = "U12@EVEN.example"', (u) => u.email === 'u12@even.example'],
      ['email ^= ""', () => true],
      ['phone_number ^= "+1555"', (u) => u.phone !== undefined],
      ['given_name ^= "Ann"', (u) => u.given.startsWith('Ann')],
      ['given_name ^= "ann1"', (u) => u.given.startsWith('ann1')],
      ['family_name = "Family2"', (u) => u.family === 'Family2'],
      ['family_name ^= "O\\"Brien\\\\1"', (u) => u.family.startsWith('O"Brien\\1')],
      ['family_name="O\\"Brien\\\\20"', (u) => u.family === 'O"Brien\\20'],
      ['  given_name   =   "ann4"  ', (u) => u.given === 'ann4'],
      ['name ^= "a"', () => false],
      ['preferred_username = "x"', () => false],
      ['status = "Disabled"', (u) => u.disabled],
      ['status = "Enabled"', (u) => !u.disabled],
      ['status = "disabled"', () => false],
      ['cognito:user_status = "confirmed"', (u) => u.confirmed],
      ['cognito:user_status = "FORCE_CHANGE_PASSWORD"', (u) => !u.confirmed],
    ]

    it.each(cases)('filters with %s, paged, each match exactly once', async (Filter, expected) => {
      const all = await pages({ UserPoolId: poolId, Filter, Limit: 9 })
      for (const page of all) expect(page.length).toBeLessThanOrEqual(9)
      const listed = names(all.flat())
      expect(new Set(listed).size).toBe(listed.length)
      expect(sorted(listed)).toEqual(sorted(seeded.filter(expected).map((u) => u.username)))
    })

    it('filters by sub', async () => {
      const first = (await admin.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 1 })))
        .Users![0]!
      const sub = first.Attributes!.find((a) => a.Name === 'sub')!.Value!
      const found = await admin.send(
        new ListUsersCommand({ UserPoolId: poolId, Filter: `sub = "${sub}"` }),
      )
      expect(names(found.Users!)).toEqual([first.Username])
      expect(found.PaginationToken).toBeUndefined()
    })

    it('treats an empty filter as none', async () => {
      expect(names((await pages({ UserPoolId: poolId, Filter: '' })).flat())).toHaveLength(USERS)
      expect(names((await pages({ UserPoolId: poolId, Filter: '   ' })).flat())).toHaveLength(USERS)
    })

    it('returns only the attributes asked for with AttributesToGet (all of them for an empty list)', async () => {
      const trimmed = await admin.send(
        new ListUsersCommand({ UserPoolId: poolId, AttributesToGet: ['email', 'sub'], Limit: 5 }),
      )
      expect(trimmed.Users).toHaveLength(5)
      for (const user of trimmed.Users!)
        expect(user.Attributes!.map((a) => a.Name).sort()).toEqual(['email', 'sub'])
      const everything = await admin.send(
        new ListUsersCommand({ UserPoolId: poolId, AttributesToGet: [], Limit: 1 }),
      )
      expect(everything.Users![0]!.Attributes!.map((a) => a.Name)).toEqual(
        expect.arrayContaining(['sub', 'email', 'given_name', 'family_name']),
      )
      await expect(
        admin.send(
          new ListUsersCommand({ UserPoolId: poolId, AttributesToGet: ['custom:nothing'] }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    })

    it('refuses filters Cognito cannot parse or search', async () => {
      for (const Filter of [
        'email === "x"',
        'email = x',
        'email = "x',
        'email "x"',
        'custom:team = "a"',
        'foo = "x"',
        'email = "a" and name = "b"',
        'email != "x"',
        'email ~= "x"',
        '= "x"',
        'email = "x"y"',
      ]) {
        await expect(
          admin.send(new ListUsersCommand({ UserPoolId: poolId, Filter })),
          Filter,
        ).rejects.toMatchObject({ name: 'InvalidParameterException' })
      }
      await expect(
        admin.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'x'.repeat(257) })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' })
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
  },
)

describe('ListUsers in small and case-insensitive pools', () => {
  beforeAll(() => {
    admin = sdkClient(testApp())
  })

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
