import {
  AddCustomAttributesCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  CreateUserPoolClientCommand,
  DeleteUserPoolClientCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  ListTagsForResourceCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { describe, expect, it } from 'vitest'
import { adminClient, createAppClient, createPool, publicClient } from './support/clients'

describe('user pools and app clients over the AWS SDK', () => {
  it('creates and describes a pool with Cognito-shaped ids, dates and schema', async () => {
    const id = await createPool({
      PoolName: 'describe-me',
      Policies: { PasswordPolicy: { MinimumLength: 12 } },
    })
    expect(id).toMatch(/^us-east-1_[0-9a-zA-Z]{9}$/)
    const { UserPool } = await adminClient().send(new DescribeUserPoolCommand({ UserPoolId: id }))
    expect(UserPool?.Name).toBe('describe-me')
    expect(UserPool?.CreationDate).toBeInstanceOf(Date)
    expect(UserPool?.Arn).toContain(id)
    expect(UserPool?.Policies?.PasswordPolicy?.MinimumLength).toBe(12)
    expect(UserPool?.SchemaAttributes?.map((a) => a.Name)).toEqual(
      expect.arrayContaining(['sub', 'email', 'phone_number']),
    )
  })

  it('counts its users in EstimatedNumberOfUsers, across every directory partition', async () => {
    const id = await createPool()
    const estimate = async () =>
      (await adminClient().send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool
        ?.EstimatedNumberOfUsers
    expect(await estimate()).toBe(0)
    const names = Array.from({ length: 12 }, (_, i) => `counted-${i}`)
    for (const Username of names)
      await adminClient().send(
        new AdminCreateUserCommand({ UserPoolId: id, Username, MessageAction: 'SUPPRESS' }),
      )
    expect(await estimate()).toBe(12)
    await adminClient().send(new AdminDeleteUserCommand({ UserPoolId: id, Username: 'counted-3' }))
    expect(await estimate()).toBe(11)
  })

  it('tags a pool by its ARN, and refuses ARNs of pools that do not exist', async () => {
    const id = await createPool({ UserPoolTags: { team: 'identity' } })
    const arn = (await adminClient().send(new DescribeUserPoolCommand({ UserPoolId: id })))
      .UserPool!.Arn!
    expect(
      (await adminClient().send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags,
    ).toEqual({ team: 'identity' })
    await adminClient().send(
      new TagResourceCommand({ ResourceArn: arn, Tags: { env: 'dev', team: 'auth' } }),
    )
    await adminClient().send(
      new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['env', 'absent'] }),
    )
    expect(
      (await adminClient().send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags,
    ).toEqual({ team: 'auth' })
    await expect(
      adminClient().send(
        new ListTagsForResourceCommand({ ResourceArn: arn.replace(id, 'us-east-1_NoSuchPool') }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']))
    await expect(
      adminClient().send(new TagResourceCommand({ ResourceArn: arn, Tags: many })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
  })

  it('refuses both alias and username attributes, and bad input, with InvalidParameterException', async () => {
    await expect(
      createPool({ AliasAttributes: ['email'], UsernameAttributes: ['email'] }),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(createPool({ PoolName: 'bad/name' })).rejects.toMatchObject({
      name: 'InvalidParameterException',
    })
    await expect(createPool({ Schema: [{ Name: 'x', Required: true }] })).rejects.toMatchObject({
      name: 'InvalidParameterException',
    })
  })

  it('updates a pool with Cognito semantics and adds custom attributes', async () => {
    const id = await createPool({ AutoVerifiedAttributes: ['email'] })
    await adminClient().send(
      new UpdateUserPoolCommand({
        UserPoolId: id,
        Policies: { PasswordPolicy: { MinimumLength: 10, RequireSymbols: false } },
        DeletionProtection: 'ACTIVE',
      }),
    )
    const { UserPool } = await adminClient().send(new DescribeUserPoolCommand({ UserPoolId: id }))
    expect(UserPool?.Policies?.PasswordPolicy).toMatchObject({
      MinimumLength: 10,
      RequireSymbols: false,
    })
    expect(UserPool?.AutoVerifiedAttributes ?? []).toEqual([])
    await adminClient().send(
      new AddCustomAttributesCommand({
        UserPoolId: id,
        CustomAttributes: [{ Name: 'tier', AttributeDataType: 'Number' }],
      }),
    )
    await expect(
      adminClient().send(
        new AddCustomAttributesCommand({ UserPoolId: id, CustomAttributes: [{ Name: 'tier' }] }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    const after = await adminClient().send(new DescribeUserPoolCommand({ UserPoolId: id }))
    expect(
      after.UserPool?.SchemaAttributes?.find((a) => a.Name === 'custom:tier')?.AttributeDataType,
    ).toBe('Number')
    await expect(
      adminClient().send(new DeleteUserPoolCommand({ UserPoolId: id })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
  })

  it('lists pools across pages', async () => {
    for (let i = 0; i < 3; i++) await createPool()
    const seen = new Set<string>()
    let token: string | undefined
    do {
      const page = await adminClient().send(
        new ListUserPoolsCommand({ MaxResults: 2, NextToken: token }),
      )
      expect(page.UserPools!.length).toBeLessThanOrEqual(2)
      for (const pool of page.UserPools!) seen.add(pool.Id!)
      token = page.NextToken
    } while (token)
    expect(seen.size).toBeGreaterThanOrEqual(3)
    await expect(
      adminClient().send(new ListUserPoolsCommand({ MaxResults: 0 })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
  })

  it('creates clients with Cognito defaults, a generated secret, and validates settings', async () => {
    const poolId = await createPool()
    const { UserPoolClient: client } = await adminClient().send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'web',
        GenerateSecret: true,
      }),
    )
    expect(client?.ClientId).toMatch(/^[a-z0-9]{26}$/)
    expect(client?.ClientSecret).toHaveLength(51)
    expect(client).toMatchObject({
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 30,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
      EnableTokenRevocation: true,
      AuthSessionValidity: 3,
    })
    expect(client?.ExplicitAuthFlows).toEqual(
      expect.arrayContaining(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH']),
    )
    const described = await adminClient().send(
      new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: client!.ClientId! }),
    )
    expect(described.UserPoolClient?.ClientSecret).toBe(client?.ClientSecret)
    const bad = [
      { AccessTokenValidity: 2, TokenValidityUnits: { AccessToken: 'days' as const } },
      { RefreshTokenValidity: 30, TokenValidityUnits: { RefreshToken: 'minutes' as const } },
      { ExplicitAuthFlows: ['USER_PASSWORD_AUTH' as const, 'ALLOW_REFRESH_TOKEN_AUTH' as const] },
      {
        CallbackURLs: ['http://example.com/cb'],
        AllowedOAuthFlows: ['code' as const],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid'],
      },
      { ReadAttributes: ['custom:missing'] },
    ]
    for (const settings of bad) {
      await expect(
        adminClient().send(
          new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'bad', ...settings }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    }
    await expect(
      adminClient().send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'cc',
          AllowedOAuthFlows: ['client_credentials', 'code'],
          AllowedOAuthFlowsUserPoolClient: true,
          CallbackURLs: ['https://a.example/cb'],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidOAuthFlowException' })
    await expect(
      adminClient().send(
        new CreateUserPoolClientCommand({ UserPoolId: 'us-east-1_nothere00', ClientName: 'x' }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
  })

  it('updates clients (omitted members reset), lists them across pages and deletes them', async () => {
    const poolId = await createPool()
    const ids: string[] = []
    for (let i = 0; i < 3; i++) ids.push((await createAppClient(poolId)).clientId)
    const updated = await adminClient().send(
      new UpdateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientId: ids[0]!,
        ClientName: 'renamed',
        AccessTokenValidity: 2,
        TokenValidityUnits: { AccessToken: 'hours' },
      }),
    )
    expect(updated.UserPoolClient).toMatchObject({
      ClientName: 'renamed',
      AccessTokenValidity: 2,
      ExplicitAuthFlows: expect.arrayContaining(['ALLOW_USER_SRP_AUTH']),
    })
    const listed: string[] = []
    let token: string | undefined
    do {
      const page = await adminClient().send(
        new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 2, NextToken: token }),
      )
      listed.push(...page.UserPoolClients!.map((c) => c.ClientId!))
      token = page.NextToken
    } while (token)
    expect(listed.sort()).toEqual([...ids].sort())
    await adminClient().send(
      new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: ids[1]! }),
    )
    await expect(
      adminClient().send(
        new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: ids[1]! }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
    await expect(
      publicClient().send(
        new InitiateAuthCommand({
          ClientId: ids[1]!,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'a', PASSWORD: 'b' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
  })

  it('deletes a pool with its clients', async () => {
    const poolId = await createPool()
    const { clientId } = await createAppClient(poolId)
    await adminClient().send(new DeleteUserPoolCommand({ UserPoolId: poolId }))
    await expect(
      adminClient().send(new DescribeUserPoolCommand({ UserPoolId: poolId })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
    await expect(
      publicClient().send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'a', PASSWORD: 'b' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
  })

  it('refuses admin operations signed with an unknown key', async () => {
    await expect(
      publicClient().send(new DescribeUserPoolCommand({ UserPoolId: 'us-east-1_abc' })),
    ).rejects.toMatchObject({ name: 'UnrecognizedClientException' })
  })
})
