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
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam'
import { describe, expect, inject, it } from 'vitest'

const iam = (
  credentials = { accessKeyId: inject('accessKeyId'), secretAccessKey: inject('secretAccessKey') },
) =>
  new IAMClient({ endpoint: inject('endpoint'), region: 'us-east-1', credentials, maxAttempts: 1 })

const unique = () => Math.random().toString(36).slice(2, 10)

const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Federated: 'cognito-identity.amazonaws.com' },
      Action: 'sts:AssumeRoleWithWebIdentity',
    },
  ],
})
const allow = (Action: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action, Resource: '*' }] })

describe('IAM over @aws-sdk/client-iam against the running worker', () => {
  it('manages a role with inline and managed policies from creation to deletion', async () => {
    const client = iam()
    const RoleName = `e2e-role-${unique()}`
    const Path = `/e2e-${unique()}/`
    const created = await client.send(
      new CreateRoleCommand({
        RoleName,
        Path,
        AssumeRolePolicyDocument: trust,
        MaxSessionDuration: 7200,
        Tags: [{ Key: 'suite', Value: 'e2e' }],
      }),
    )
    expect(created.Role).toMatchObject({
      RoleName,
      Arn: `arn:aws:iam::000000000000:role${Path}${RoleName}`,
      MaxSessionDuration: 7200,
    })
    expect(created.Role?.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/)
    expect(created.Role?.CreateDate).toBeInstanceOf(Date)

    const { Role } = await client.send(new GetRoleCommand({ RoleName }))
    expect(decodeURIComponent(Role!.AssumeRolePolicyDocument!)).toBe(trust)
    const listed = await client.send(new ListRolesCommand({ PathPrefix: Path }))
    expect(listed.Roles?.map((r) => r.RoleName)).toEqual([RoleName])

    await client.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName,
        PolicyDocument: trust.replace('cognito-identity.amazonaws.com', 'accounts.google.com'),
      }),
    )
    await client.send(
      new PutRolePolicyCommand({
        RoleName,
        PolicyName: 'inline',
        PolicyDocument: allow('s3:GetObject'),
      }),
    )
    const inline = await client.send(new GetRolePolicyCommand({ RoleName, PolicyName: 'inline' }))
    expect(decodeURIComponent(inline.PolicyDocument!)).toBe(allow('s3:GetObject'))
    expect((await client.send(new ListRolePoliciesCommand({ RoleName }))).PolicyNames).toEqual([
      'inline',
    ])

    const { Policy } = await client.send(
      new CreatePolicyCommand({
        PolicyName: `e2e-policy-${unique()}`,
        PolicyDocument: allow('s3:List*'),
      }),
    )
    const PolicyArn = Policy!.Arn!
    await client.send(new AttachRolePolicyCommand({ RoleName, PolicyArn }))
    expect((await client.send(new GetPolicyCommand({ PolicyArn }))).Policy?.AttachmentCount).toBe(1)
    const version = await client.send(new GetPolicyVersionCommand({ PolicyArn, VersionId: 'v1' }))
    expect(decodeURIComponent(version.PolicyVersion!.Document!)).toBe(allow('s3:List*'))
    expect(
      (await client.send(new ListAttachedRolePoliciesCommand({ RoleName }))).AttachedPolicies,
    ).toEqual([{ PolicyName: Policy!.PolicyName, PolicyArn }])

    await expect(client.send(new DeleteRoleCommand({ RoleName }))).rejects.toMatchObject({
      name: 'DeleteConflictException',
      $metadata: { httpStatusCode: 409 },
    })
    await expect(client.send(new DeletePolicyCommand({ PolicyArn }))).rejects.toMatchObject({
      name: 'DeleteConflictException',
    })
    await client.send(new DetachRolePolicyCommand({ RoleName, PolicyArn }))
    await client.send(new DeletePolicyCommand({ PolicyArn }))
    await client.send(new DeleteRolePolicyCommand({ RoleName, PolicyName: 'inline' }))
    await client.send(new DeleteRoleCommand({ RoleName }))
    await expect(client.send(new GetRoleCommand({ RoleName }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      $metadata: { httpStatusCode: 404 },
    })
  })

  it('answers IAM errors by the names the SDK knows', async () => {
    const client = iam()
    await expect(
      client.send(
        new CreateRoleCommand({ RoleName: `bad-${unique()}`, AssumeRolePolicyDocument: '{' }),
      ),
    ).rejects.toMatchObject({
      name: 'MalformedPolicyDocumentException',
      $metadata: { httpStatusCode: 400 },
    })
    await expect(
      client.send(
        new CreateRoleCommand({ RoleName: 'no spaces', AssumeRolePolicyDocument: trust }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError', $metadata: { httpStatusCode: 400 } })
    const stranger = iam({ accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'not-configured' })
    await expect(stranger.send(new ListRolesCommand({}))).rejects.toMatchObject({
      name: 'InvalidClientTokenId',
      $metadata: { httpStatusCode: 403 },
    })
    const wrong = iam({ accessKeyId: inject('accessKeyId'), secretAccessKey: 'not-the-secret' })
    await expect(wrong.send(new ListRolesCommand({}))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
      $metadata: { httpStatusCode: 403 },
    })
  })
})
