import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  DeleteIdentityPoolCommand,
  DescribeIdentityCommand,
  DescribeIdentityPoolCommand,
  GetIdCommand,
  ListIdentitiesCommand,
  ListIdentityPoolsCommand,
  NotAuthorizedException,
  ResourceNotFoundException,
  UpdateIdentityPoolCommand,
} from '@aws-sdk/client-cognito-identity'
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { describe, expect, it } from 'vitest'
import {
  adminClient,
  createAppClient,
  createPool,
  endpoint,
  identityAdminClient,
  uniqueName,
} from './support/clients'

/** An app's view: the identity-pools SDK with credentials nobody configured (public operations). */
const appClient = () =>
  new CognitoIdentityClient({
    endpoint: endpoint(),
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'not-configured' },
    maxAttempts: 1,
  })

async function idTokenFor(userPoolId: string, clientId: string, username: string) {
  const password = 'Correct-Horse-9-battery'
  await adminClient().send(
    new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: username,
      MessageAction: 'SUPPRESS',
    }),
  )
  await adminClient().send(
    new AdminSetUserPasswordCommand({
      UserPoolId: userPoolId,
      Username: username,
      Password: password,
      Permanent: true,
    }),
  )
  const signIn = async () =>
    (
      await adminClient().send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: username, PASSWORD: password },
        }),
      )
    ).AuthenticationResult!.IdToken!
  return signIn
}

describe('identity pools over the AWS SDK', () => {
  it('creates, describes, updates, lists and deletes an identity pool', async () => {
    const admin = identityAdminClient()
    const name = `e2e ${uniqueName()}`
    const created = await admin.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: name,
        AllowUnauthenticatedIdentities: true,
      }),
    )
    const id = created.IdentityPoolId!
    expect(id).toMatch(/^us-east-1:[0-9a-f-]{36}$/)
    expect(
      (await admin.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id }))).IdentityPoolName,
    ).toBe(name)
    await admin.send(
      new UpdateIdentityPoolCommand({
        IdentityPoolId: id,
        IdentityPoolName: `${name} renamed`,
        AllowUnauthenticatedIdentities: false,
      }),
    )
    const listed: string[] = []
    let token: string | undefined
    do {
      const page = await admin.send(
        new ListIdentityPoolsCommand({ MaxResults: 60, ...(token ? { NextToken: token } : {}) }),
      )
      listed.push(...page.IdentityPools!.map((p) => `${p.IdentityPoolId} ${p.IdentityPoolName}`))
      token = page.NextToken
    } while (token)
    expect(listed).toContain(`${id} ${name} renamed`)
    await admin.send(new DeleteIdentityPoolCommand({ IdentityPoolId: id }))
    await expect(
      admin.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException)
  })

  it('gives guests and user-pool users identities, the same one each time for a user', async () => {
    const userPoolId = await createPool()
    const { clientId } = await createAppClient(userPoolId)
    const provider = `cognito-idp.us-east-1.amazonaws.com/${userPoolId}`
    const admin = identityAdminClient()
    const poolId = (
      await admin.send(
        new CreateIdentityPoolCommand({
          IdentityPoolName: `e2e ${uniqueName()}`,
          AllowUnauthenticatedIdentities: true,
          CognitoIdentityProviders: [
            { ProviderName: provider, ClientId: clientId, ServerSideTokenCheck: true },
          ],
        }),
      )
    ).IdentityPoolId!
    const app = appClient()
    const guest = (await app.send(new GetIdCommand({ IdentityPoolId: poolId }))).IdentityId!
    expect(guest).toMatch(/^us-east-1:[0-9a-f-]{36}$/)

    const signIn = await idTokenFor(userPoolId, clientId, `user-${uniqueName()}`)
    const user = (
      await app.send(
        new GetIdCommand({ IdentityPoolId: poolId, Logins: { [provider]: await signIn() } }),
      )
    ).IdentityId!
    expect(user).not.toBe(guest)
    // A fresh sign-in, and the issuer-without-scheme spelling Amplify sends: the same identity.
    const issuerKey = `${new URL(endpoint()).host}/${userPoolId}`
    expect(
      (
        await app.send(
          new GetIdCommand({ IdentityPoolId: poolId, Logins: { [issuerKey]: await signIn() } }),
        )
      ).IdentityId,
    ).toBe(user)
    expect(await admin.send(new DescribeIdentityCommand({ IdentityId: user }))).toMatchObject({
      IdentityId: user,
      Logins: [provider],
    })
    const listed = await admin.send(
      new ListIdentitiesCommand({ IdentityPoolId: poolId, MaxResults: 60 }),
    )
    expect(listed.Identities!.map((i) => i.IdentityId).sort()).toEqual([guest, user].sort())

    const token = await signIn()
    const forged = `${token.slice(0, -4)}${token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`
    await expect(
      app.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { [provider]: forged } })),
    ).rejects.toBeInstanceOf(NotAuthorizedException)
  })
})
