import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider'

/** A user pool with one app client, for identity pools to take ID tokens from. */
export interface UserPoolFixture {
  poolId: string
  clientId: string
  /** The provider name identity pools know it by (AWS's spelling). */
  provider: string
  /** A confirmed user, and an ID token from a fresh password sign-in. */
  signIn(username: string): Promise<string>
  /** Another app client of the same pool. */
  otherClient(): Promise<{ clientId: string; signIn(username: string): Promise<string> }>
}

const PASSWORD = 'Correct-Horse-9-battery'

export async function userPoolFixture(
  idp: CognitoIdentityProviderClient,
): Promise<UserPoolFixture> {
  const poolId = (await idp.send(new CreateUserPoolCommand({ PoolName: 'federated' }))).UserPool!
    .Id!
  const newClient = async () =>
    (
      await idp.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'web',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        }),
      )
    ).UserPoolClient!.ClientId!
  const created = new Set<string>()
  const signInWith = (clientId: string) => async (username: string) => {
    if (!created.has(username)) {
      await idp.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: username,
          MessageAction: 'SUPPRESS',
        }),
      )
      await idp.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: poolId,
          Username: username,
          Password: PASSWORD,
          Permanent: true,
        }),
      )
      created.add(username)
    }
    const answer = await idp.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD },
      }),
    )
    return answer.AuthenticationResult!.IdToken!
  }
  const clientId = await newClient()
  return {
    poolId,
    clientId,
    provider: `cognito-idp.us-east-1.amazonaws.com/${poolId}`,
    signIn: signInWith(clientId),
    async otherClient() {
      const other = await newClient()
      return { clientId: other, signIn: signInWith(other) }
    },
  }
}
