import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  DeleteRolePolicyCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam'
import { describe, expect, it } from 'vitest'
import { rolePolicies } from '../../src/iam/roles/role-policies'
import type { IamServices } from '../../src/iam/services'
import { testApp } from './support/app'
import { permissionPolicy, trustPolicy } from './support/iam'
import { iamClient } from './support/sdk'

const ARN = 'arn:aws:iam::000000000000:role/apps/reader'

async function setUp() {
  const app = testApp()
  const iam = iamClient(app)
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'reader',
      Path: '/apps/',
      AssumeRolePolicyDocument: trustPolicy(),
    }),
  )
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'reader',
      PolicyName: 'inline',
      PolicyDocument: permissionPolicy('s3:GetObject'),
    }),
  )
  const { Policy } = await iam.send(
    new CreatePolicyCommand({
      PolicyName: 'managed',
      PolicyDocument: permissionPolicy('s3:List*'),
    }),
  )
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'reader', PolicyArn: Policy!.Arn! }))
  return { app, iam, services: app.runtime.services as IamServices }
}

describe('rolePolicies, the read credential checks use', () => {
  it('answers the role, its trust policy, and its inline then attached policies', async () => {
    const { services } = await setUp()
    const found = await rolePolicies(services, ARN)
    expect(found?.role).toMatchObject({ RoleName: 'reader', Arn: ARN })
    expect(found?.trustPolicy).toEqual(JSON.parse(trustPolicy()))
    expect(found?.policies).toEqual([
      JSON.parse(permissionPolicy('s3:GetObject')),
      JSON.parse(permissionPolicy('s3:List*')),
    ])
  })

  it('answers null for an ARN that names no role here', async () => {
    const { services } = await setUp()
    for (const arn of [
      'arn:aws:iam::000000000000:role/other',
      // The right name at another path is another role.
      'arn:aws:iam::000000000000:role/reader',
      'arn:aws:iam::123456789012:role/apps/reader',
      'arn:aws:iam::000000000000:policy/apps/reader',
      'not an arn',
    ])
      expect(await rolePolicies(services, arn), arn).toBeNull()
  })

  it('sees its own isolate writes at once and other isolates writes within a second', async () => {
    const { app, iam, services } = await setUp()
    // Another isolate: the same storage, its own stores object and so its own cache.
    const elsewhere: IamServices = { stores: { ...services.stores }, now: () => app.now() }
    expect((await rolePolicies(elsewhere, ARN))?.policies).toHaveLength(2)
    expect((await rolePolicies(services, ARN))?.policies).toHaveLength(2)

    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'reader', PolicyName: 'inline' }))
    expect((await rolePolicies(services, ARN))?.policies).toHaveLength(1)
    expect((await rolePolicies(elsewhere, ARN))?.policies).toHaveLength(2)
    app.advance(999)
    expect((await rolePolicies(elsewhere, ARN))?.policies).toHaveLength(2)
    app.advance(1)
    expect((await rolePolicies(elsewhere, ARN))?.policies).toHaveLength(1)
  })
})
