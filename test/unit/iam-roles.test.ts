import {
  CreateRoleCommand,
  DeleteRoleCommand,
  GetRoleCommand,
  type IAMClient,
  ListRolesCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam'
import { beforeEach, describe, expect, it } from 'vitest'
import { testApp } from './support/app'
import { failure, permissionPolicy, trustPolicy } from './support/iam'
import { iamClient } from './support/sdk'

let iam: IAMClient
beforeEach(() => {
  iam = iamClient(testApp())
})

const create = (RoleName: string, more: Record<string, unknown> = {}) =>
  iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: trustPolicy(), ...more }))

describe('IAM roles', () => {
  it('creates a role and answers it as IAM does, the trust policy URL-encoded', async () => {
    const { Role } = await create('app-user', {
      Path: '/apps/',
      Description: 'Signed-in app users',
      MaxSessionDuration: 7200,
      Tags: [{ Key: 'team', Value: 'auth' }],
    })
    expect(Role).toMatchObject({
      RoleName: 'app-user',
      Path: '/apps/',
      Arn: 'arn:aws:iam::000000000000:role/apps/app-user',
      Description: 'Signed-in app users',
      MaxSessionDuration: 7200,
      Tags: [{ Key: 'team', Value: 'auth' }],
      CreateDate: new Date(Date.UTC(2026, 0, 1, 12)),
    })
    expect(Role?.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/)
    expect(decodeURIComponent(Role!.AssumeRolePolicyDocument!)).toBe(trustPolicy())
    const got = (await iam.send(new GetRoleCommand({ RoleName: 'app-user' }))).Role
    expect(got).toEqual(Role)
    expect(got?.AssumeRolePolicyDocument).toMatch(/^%7B%22Version%22/)
  })

  it('takes a trust policy sent URL-encoded, and defaults path and session duration', async () => {
    const { Role } = await create('encoded', {
      AssumeRolePolicyDocument: encodeURIComponent(trustPolicy()),
    })
    expect(Role).toMatchObject({ Path: '/', MaxSessionDuration: 3600 })
    expect(decodeURIComponent(Role!.AssumeRolePolicyDocument!)).toBe(trustPolicy())
  })

  it('refuses a second role of the same name in any case: EntityAlreadyExists, 409', async () => {
    await create('Admin')
    expect(await failure(create('admin'))).toEqual({
      name: 'EntityAlreadyExistsException',
      status: 409,
      message: 'Role with name admin already exists.',
    })
    // Names are case-insensitive for lookups too, and keep the case they were created with.
    expect((await iam.send(new GetRoleCommand({ RoleName: 'ADMIN' }))).Role?.RoleName).toBe('Admin')
  })

  it('answers an unknown role with NoSuchEntity, 404', async () => {
    expect(await failure(iam.send(new GetRoleCommand({ RoleName: 'ghost' })))).toEqual({
      name: 'NoSuchEntityException',
      status: 404,
      message: 'The role with name ghost cannot be found.',
    })
  })

  it.each([
    [{ RoleName: 'has space' }, "Value 'has space' at 'roleName' failed to satisfy constraint"],
    [{ RoleName: 'x'.repeat(65) }, 'Member must have length less than or equal to 64'],
    [{ Path: 'no-slashes' }, "at 'path' failed to satisfy constraint"],
    [{ MaxSessionDuration: 3599 }, 'Member must have value greater than or equal to 3600'],
    [{ MaxSessionDuration: 43201 }, 'Member must have value less than or equal to 43200'],
    [{ Description: 'x'.repeat(1001) }, "at 'description' failed to satisfy constraint"],
    [{ Tags: [{ Key: '', Value: 'v' }] }, "at 'tags.member.1.key' failed to satisfy constraint"],
  ])('answers members outside the model with ValidationError, 400: %j', async (input, message) => {
    const error = await failure(create('valid', input))
    expect(error).toMatchObject({ name: 'ValidationError', status: 400 })
    expect(error.message).toContain(message)
  })

  it.each([
    ['not json', 'This policy contains invalid Json'],
    ['[]', 'Syntax errors in policy.'],
    [JSON.stringify({ Statement: [] }), 'Missing required field Version'],
    [JSON.stringify({ Version: '2020-01-01', Statement: [] }), 'The policy failed legacy parsing'],
    [JSON.stringify({ Version: '2012-10-17' }), 'Missing required field Statement'],
    [
      JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'sts:*' } }),
      'Missing required field Principal',
    ],
    [
      JSON.stringify({
        Version: '2012-10-17',
        Statement: { Effect: 'Allow', Principal: '*', Action: 'sts:*', Resource: '*' },
      }),
      'Has prohibited field Resource',
    ],
    [
      JSON.stringify({ Version: '2012-10-17', Statement: { Principal: '*', Action: 'sts:*' } }),
      'Missing required field Effect',
    ],
  ])(
    'refuses a malformed trust policy: MalformedPolicyDocument, 400 (%s)',
    async (doc, message) => {
      expect(await failure(create('bad', { AssumeRolePolicyDocument: doc }))).toEqual({
        name: 'MalformedPolicyDocumentException',
        status: 400,
        message,
      })
    },
  )

  it('refuses a trust policy over 2,048 characters without whitespace: LimitExceeded, 409', async () => {
    const principals = Array.from({ length: 100 }, (_, i) => `arn:aws:iam::000000000000:role/r${i}`)
    const big = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: principals }, Action: 'sts:AssumeRole' }],
    })
    expect(big.length).toBeGreaterThan(2048)
    expect(await failure(create('big', { AssumeRolePolicyDocument: big }))).toEqual({
      name: 'LimitExceededException',
      status: 409,
      message: 'Cannot exceed quota for ACLSizePerRole: 2048',
    })
    // Whitespace does not count.
    const padded = trustPolicy().replace(/[{[,]/g, (c) => `${c}\n${' '.repeat(300)}`)
    expect(padded.length).toBeGreaterThan(2048)
    await create('padded', { AssumeRolePolicyDocument: padded })
  })

  it('lists roles by path prefix, a page at a time with Marker and IsTruncated', async () => {
    for (const name of ['a', 'b', 'c', 'd']) await create(name, { Path: '/team/' })
    await create('other', { Path: '/elsewhere/' })
    const first = await iam.send(new ListRolesCommand({ PathPrefix: '/team/', MaxItems: 3 }))
    expect(first.Roles?.map((r) => r.RoleName)).toEqual(['a', 'b', 'c'])
    expect(first.IsTruncated).toBe(true)
    const second = await iam.send(
      new ListRolesCommand({ PathPrefix: '/team/', MaxItems: 3, Marker: first.Marker! }),
    )
    expect(second.Roles?.map((r) => r.RoleName)).toEqual(['d'])
    expect(second.IsTruncated).toBe(false)
    expect(second.Marker).toBeUndefined()
    const all = await iam.send(new ListRolesCommand({}))
    expect(all.Roles?.map((r) => r.RoleName)).toEqual(['a', 'b', 'c', 'd', 'other'])
  })

  it('replaces the trust policy, checking it like CreateRole does', async () => {
    await create('r')
    const next = trustPolicy('accounts.google.com')
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'r', PolicyDocument: next }))
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'r' }))
    expect(decodeURIComponent(Role!.AssumeRolePolicyDocument!)).toBe(next)
    expect(
      await failure(
        iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'r', PolicyDocument: '{' })),
      ),
    ).toMatchObject({ name: 'MalformedPolicyDocumentException', status: 400 })
    expect(
      await failure(
        iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'nope', PolicyDocument: next })),
      ),
    ).toMatchObject({ name: 'NoSuchEntityException', status: 404 })
  })

  it('deletes a role, then answers it as unknown; an unknown role cannot be deleted', async () => {
    await create('gone')
    await iam.send(new DeleteRoleCommand({ RoleName: 'gone' }))
    expect(await failure(iam.send(new GetRoleCommand({ RoleName: 'gone' })))).toMatchObject({
      name: 'NoSuchEntityException',
    })
    expect(await failure(iam.send(new DeleteRoleCommand({ RoleName: 'gone' })))).toMatchObject({
      name: 'NoSuchEntityException',
      status: 404,
    })
  })

  it('keeps a permission policy out of the trust policy', async () => {
    expect(
      await failure(create('mixed', { AssumeRolePolicyDocument: permissionPolicy() })),
    ).toMatchObject({ name: 'MalformedPolicyDocumentException' })
  })
})
