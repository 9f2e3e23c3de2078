import {
  AddUserPoolClientSecretCommand,
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  DeleteUserPoolClientSecretCommand,
  DescribeUserPoolClientCommand,
  GetTokensFromRefreshTokenCommand,
  ListUserPoolClientSecretsCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { createHmac } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { adminClient, createAppClient, createPool, endpoint } from './support/clients'

const PASSWORD = 'Rotation-pass-42!'
const secretHash = (secret: string, username: string, clientId: string) =>
  createHmac('sha256', secret)
    .update(username + clientId)
    .digest('base64')

describe('client-secret rotation (Add/Delete/ListUserPoolClientSecret)', () => {
  let poolId: string
  let clientId: string
  let original: string

  beforeAll(async () => {
    poolId = await createPool()
    const client = await createAppClient(poolId, {
      GenerateSecret: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid'],
      CallbackURLs: ['https://rp.example/cb'],
    })
    clientId = client.clientId
    original = client.clientSecret!
    await adminClient().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'rotor',
        MessageAction: 'SUPPRESS',
      }),
    )
    await adminClient().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'rotor',
        Password: PASSWORD,
        Permanent: true,
      }),
    )
  })

  const signIn = (secret: string) =>
    adminClient().send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: {
          USERNAME: 'rotor',
          PASSWORD,
          SECRET_HASH: secretHash(secret, 'rotor', clientId),
        },
      }),
    )

  const tokenEndpointRefresh = (secret: string, refreshToken: string) =>
    fetch(`${endpoint()}/oauth2/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    })

  it('keeps two live secrets, each accepted everywhere, and forgets a deleted one at once', async () => {
    const listed = await adminClient().send(
      new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: clientId }),
    )
    expect(listed.ClientSecrets).toHaveLength(1)
    const originalId = listed.ClientSecrets![0]!.ClientSecretId!

    const added = await adminClient().send(
      new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId }),
    )
    const second = added.ClientSecretDescriptor!
    expect(second.ClientSecretValue).toMatch(/^[\w+]{24,64}$/)
    expect(second.ClientSecretCreateDate).toBeInstanceOf(Date)

    // A value is shown once: the list has ids and dates only.
    const both = await adminClient().send(
      new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: clientId }),
    )
    expect(both.ClientSecrets?.map((s) => s.ClientSecretId)).toEqual([
      originalId,
      second.ClientSecretId,
    ])
    expect(both.ClientSecrets?.every((s) => s.ClientSecretValue === undefined)).toBe(true)

    for (const secret of [original, second.ClientSecretValue!]) {
      const tokens = (await signIn(secret)).AuthenticationResult!
      expect(tokens.AccessToken).toBeTruthy()
      const refreshed = await adminClient().send(
        new GetTokensFromRefreshTokenCommand({
          ClientId: clientId,
          ClientSecret: secret,
          RefreshToken: tokens.RefreshToken!,
        }),
      )
      expect(refreshed.AuthenticationResult?.AccessToken).toBeTruthy()
      const viaEndpoint = await tokenEndpointRefresh(secret, tokens.RefreshToken!)
      expect(viaEndpoint.status).toBe(200)
    }

    // A third is refused while two live.
    await expect(
      adminClient().send(
        new AddUserPoolClientSecretCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          ClientSecret: 'a_third_secret_of_enough_length',
        }),
      ),
    ).rejects.toMatchObject({ name: 'LimitExceededException' })

    await adminClient().send(
      new DeleteUserPoolClientSecretCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        ClientSecretId: originalId,
      }),
    )
    await expect(signIn(original)).rejects.toMatchObject({ name: 'NotAuthorizedException' })
    const still = (await signIn(second.ClientSecretValue!)).AuthenticationResult!
    const stale = await tokenEndpointRefresh(original, still.RefreshToken!)
    expect(stale.status).toBe(401)
    expect(await stale.json()).toMatchObject({ error: 'invalid_client' })
    const described = await adminClient().send(
      new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }),
    )
    expect(described.UserPoolClient?.ClientSecret).toBe(second.ClientSecretValue)

    // A given value is kept as given.
    const given = await adminClient().send(
      new AddUserPoolClientSecretCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        ClientSecret: 'operator_chosen_secret_value_1234',
      }),
    )
    expect(given.ClientSecretDescriptor?.ClientSecretValue).toBe(
      'operator_chosen_secret_value_1234',
    )
    expect((await signIn('operator_chosen_secret_value_1234')).AuthenticationResult).toBeTruthy()
  })

  it('answers bad requests with the model errors', async () => {
    await expect(
      adminClient().send(
        new DeleteUserPoolClientSecretCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          ClientSecretId: 'no-such-secret',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
    await expect(
      adminClient().send(
        new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: 'nosuchclient' }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
    await expect(
      adminClient().send(
        new AddUserPoolClientSecretCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          ClientSecret: 'short',
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(
      adminClient().send(
        new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: 7 } as never),
      ),
    ).rejects.toMatchObject({ name: 'SerializationException' })
    // A public client has no secret to rotate.
    const publicClient = await createAppClient(poolId)
    await expect(
      adminClient().send(
        new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: publicClient.clientId }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
  })
})
