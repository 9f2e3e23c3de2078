import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  DeletePolicyCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  type IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam'
import { beforeEach, describe, expect, it } from 'vitest'
import { testApp } from './support/app'
import { failure, permissionPolicy, trustPolicy } from './support/iam'
import { iamClient } from './support/sdk'

let iam: IAMClient
beforeEach(async () => {
  iam = iamClient(testApp())
  await iam.send(
    new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: trustPolicy() }),
  )
})

const put = (PolicyName: string, PolicyDocument = permissionPolicy(), RoleName = 'app') =>
  iam.send(new PutRolePolicyCommand({ RoleName, PolicyName, PolicyDocument }))
const createPolicy = (PolicyName: string, more: Record<string, unknown> = {}) =>
  iam.send(new CreatePolicyCommand({ PolicyName, PolicyDocument: permissionPolicy(), ...more }))

describe('inline role policies', () => {
  it('puts, replaces, gets (URL-encoded), lists and deletes an inline policy', async () => {
    await put('read')
    await put('read', permissionPolicy('s3:ListBucket'))
    await put('write', permissionPolicy('s3:PutObject'))
    const got = await iam.send(new GetRolePolicyCommand({ RoleName: 'app', PolicyName: 'read' }))
    expect(got).toMatchObject({ RoleName: 'app', PolicyName: 'read' })
    expect(decodeURIComponent(got.PolicyDocument!)).toBe(permissionPolicy('s3:ListBucket'))
    const page = await iam.send(new ListRolePoliciesCommand({ RoleName: 'app', MaxItems: 1 }))
    expect(page).toMatchObject({ PolicyNames: ['read'], IsTruncated: true })
    const rest = await iam.send(
      new ListRolePoliciesCommand({ RoleName: 'app', Marker: page.Marker! }),
    )
    expect(rest).toMatchObject({ PolicyNames: ['write'], IsTruncated: false })
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'app', PolicyName: 'read' }))
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: 'app' }))).PolicyNames).toEqual([
      'write',
    ])
  })

  it('answers unknown roles and policies with NoSuchEntity, 404', async () => {
    for (const call of [
      () => put('p', permissionPolicy(), 'ghost'),
      () => iam.send(new GetRolePolicyCommand({ RoleName: 'app', PolicyName: 'none' })),
      () => iam.send(new GetRolePolicyCommand({ RoleName: 'ghost', PolicyName: 'none' })),
      () => iam.send(new DeleteRolePolicyCommand({ RoleName: 'app', PolicyName: 'none' })),
      () => iam.send(new ListRolePoliciesCommand({ RoleName: 'ghost' })),
    ])
      expect(await failure(call())).toMatchObject({ name: 'NoSuchEntityException', status: 404 })
  })

  it('refuses malformed permission policies and ones over 10,240 characters', async () => {
    expect(await failure(put('p', '{"Version":"2012-10-17"'))).toEqual({
      name: 'MalformedPolicyDocumentException',
      status: 400,
      message: 'This policy contains invalid Json',
    })
    expect(
      await failure(
        put(
          'p',
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Resource: '*' }],
          }),
        ),
      ),
    ).toMatchObject({ message: 'Policy statement must contain actions.' })
    expect(
      await failure(
        put(
          'p',
          JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*' }] }),
        ),
      ),
    ).toMatchObject({ message: 'Policy statement must contain resources.' })
    const actions = Array.from({ length: 700 }, (_, i) => `s3:Action${i}`)
    expect(await failure(put('p', permissionPolicy(actions as unknown as string)))).toEqual({
      name: 'LimitExceededException',
      status: 409,
      message: 'Maximum policy size of 10240 bytes exceeded for role app',
    })
  })

  it('keeps a role with inline policies: DeleteConflict, 409, until they are deleted', async () => {
    await put('read')
    expect(await failure(iam.send(new DeleteRoleCommand({ RoleName: 'app' })))).toEqual({
      name: 'DeleteConflictException',
      status: 409,
      message: 'Cannot delete entity, must delete policies first.',
    })
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'app', PolicyName: 'read' }))
    await iam.send(new DeleteRoleCommand({ RoleName: 'app' }))
  })
})

describe('managed policies', () => {
  it('creates a policy with version v1 and answers it, its version and its attachments', async () => {
    const { Policy } = await createPolicy('reader', {
      Path: '/apps/',
      Description: 'read objects',
      Tags: [{ Key: 'k', Value: 'v' }],
    })
    expect(Policy).toMatchObject({
      PolicyName: 'reader',
      Path: '/apps/',
      Arn: 'arn:aws:iam::000000000000:policy/apps/reader',
      DefaultVersionId: 'v1',
      AttachmentCount: 0,
      IsAttachable: true,
      Description: 'read objects',
      Tags: [{ Key: 'k', Value: 'v' }],
    })
    expect(Policy?.PolicyId).toMatch(/^ANPA[A-Z0-9]{17}$/)
    const PolicyArn = Policy!.Arn!
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn }))
    expect((await iam.send(new GetPolicyCommand({ PolicyArn }))).Policy?.AttachmentCount).toBe(1)
    const { PolicyVersion } = await iam.send(
      new GetPolicyVersionCommand({ PolicyArn, VersionId: 'v1' }),
    )
    expect(PolicyVersion).toMatchObject({ VersionId: 'v1', IsDefaultVersion: true })
    expect(decodeURIComponent(PolicyVersion!.Document!)).toBe(permissionPolicy())
  })

  it('refuses a second policy of the same name, whatever its path', async () => {
    await createPolicy('reader')
    expect(await failure(createPolicy('Reader', { Path: '/other/' }))).toEqual({
      name: 'EntityAlreadyExistsException',
      status: 409,
      message: 'A policy called Reader already exists. Duplicate names are not allowed.',
    })
  })

  it('refuses documents over 6,144 characters without whitespace', async () => {
    const actions = Array.from({ length: 450 }, (_, i) => `s3:Action${i}`)
    const doc = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
    })
    expect(await failure(createPolicy('big', { PolicyDocument: doc }))).toEqual({
      name: 'LimitExceededException',
      status: 409,
      message: 'Cannot exceed quota for PolicySize: 6144',
    })
    expect(await failure(createPolicy('bad', { PolicyDocument: '[' }))).toMatchObject({
      name: 'MalformedPolicyDocumentException',
    })
  })

  it('answers unknown policies, versions and unreadable ARNs as IAM does', async () => {
    const { Policy } = await createPolicy('reader')
    const missing = 'arn:aws:iam::000000000000:policy/ghost'
    for (const call of [
      () => iam.send(new GetPolicyCommand({ PolicyArn: missing })),
      // The name decides, and the path must match too.
      () =>
        iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::000000000000:policy/x/reader' })),
      () => iam.send(new GetPolicyVersionCommand({ PolicyArn: Policy!.Arn!, VersionId: 'v2' })),
      () => iam.send(new DeletePolicyCommand({ PolicyArn: missing })),
      () => iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: missing })),
      () => iam.send(new AttachRolePolicyCommand({ RoleName: 'ghost', PolicyArn: Policy!.Arn! })),
      () => iam.send(new DetachRolePolicyCommand({ RoleName: 'app', PolicyArn: Policy!.Arn! })),
      () => iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'ghost' })),
    ])
      expect(await failure(call())).toMatchObject({ name: 'NoSuchEntityException', status: 404 })
    expect(
      await failure(iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:s3:::not-a-policy' }))),
    ).toEqual({
      name: 'InvalidInputException',
      status: 400,
      message: 'ARN arn:aws:s3:::not-a-policy is not valid.',
    })
  })

  it('attaches (twice is once), lists by path prefix, detaches, and keeps attached things', async () => {
    const a = (await createPolicy('a', { Path: '/x/' })).Policy!.Arn!
    const b = (await createPolicy('b')).Policy!.Arn!
    for (const PolicyArn of [a, a, b])
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn }))
    const listed = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'app' }))
    expect(listed.AttachedPolicies).toEqual([
      { PolicyName: 'a', PolicyArn: a },
      { PolicyName: 'b', PolicyArn: b },
    ])
    const onPath = await iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: 'app', PathPrefix: '/x/' }),
    )
    expect(onPath.AttachedPolicies?.map((p) => p.PolicyName)).toEqual(['a'])
    const paged = await iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: 'app', MaxItems: 1 }),
    )
    expect(paged).toMatchObject({ IsTruncated: true })
    const next = await iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: 'app', Marker: paged.Marker! }),
    )
    expect(next.AttachedPolicies?.map((p) => p.PolicyName)).toEqual(['b'])

    expect(await failure(iam.send(new DeletePolicyCommand({ PolicyArn: a })))).toEqual({
      name: 'DeleteConflictException',
      status: 409,
      message: 'Cannot delete a policy attached to entities.',
    })
    expect(await failure(iam.send(new DeleteRoleCommand({ RoleName: 'app' })))).toEqual({
      name: 'DeleteConflictException',
      status: 409,
      message: 'Cannot delete entity, must detach all policies first.',
    })
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'app', PolicyArn: a }))
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'app', PolicyArn: b }))
    await iam.send(new DeletePolicyCommand({ PolicyArn: a }))
    expect(await failure(iam.send(new GetPolicyCommand({ PolicyArn: a })))).toMatchObject({
      name: 'NoSuchEntityException',
    })
    await iam.send(new DeleteRoleCommand({ RoleName: 'app' }))
  })

  it('attaches at most 10 managed policies to a role: LimitExceeded, 409', async () => {
    for (let i = 0; i < 10; i++) {
      const { Policy } = await createPolicy(`p${i}`)
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: Policy!.Arn! }))
    }
    const { Policy } = await createPolicy('one-more')
    expect(
      await failure(
        iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: Policy!.Arn! })),
      ),
    ).toEqual({
      name: 'LimitExceededException',
      status: 409,
      message: 'Cannot exceed quota for PoliciesPerRole: 10',
    })
  })
})
