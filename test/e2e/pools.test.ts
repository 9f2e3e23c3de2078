import { DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider'
import { describe, expect, it } from 'vitest'
import { adminClient, createPool, publicClient } from './support/clients'

describe('user pools over the AWS SDK', () => {
  it('creates and describes a pool with Cognito-shaped ids and dates', async () => {
    const id = await createPool({ PoolName: 'describe-me' })
    expect(id).toMatch(/^us-east-1_[0-9a-zA-Z]{9}$/)
    const { UserPool } = await adminClient().send(new DescribeUserPoolCommand({ UserPoolId: id }))
    expect(UserPool?.Name).toBe('describe-me')
    expect(UserPool?.CreationDate).toBeInstanceOf(Date)
    expect(UserPool?.SchemaAttributes?.map((a) => a.Name)).toContain('email')
  })

  it('refuses admin operations signed with an unknown key', async () => {
    await expect(publicClient().send(new DescribeUserPoolCommand({ UserPoolId: 'us-east-1_abc' }))).rejects.toMatchObject({ name: 'UnrecognizedClientException' })
  })
})
