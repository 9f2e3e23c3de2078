import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  type CreateIdentityPoolCommandInput,
  SetIdentityPoolRolesCommand,
} from '@aws-sdk/client-cognito-identity'
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type ExplicitAuthFlowsType,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam'
import type { RunningWorker } from './worker'

/**
 * What the identity-pool journeys set up on their own Worker, through the unmodified SDK and the
 * Worker's admin key: a user pool with an app client and users, roles that trust an identity
 * pool's identities, and the identity pool itself.
 */

/** The region every journey's pools live in. */
export const REGION = 'us-east-1'
/** The password of every user these journeys create. */
export const PASSWORD = 'Correct-Horse-9-battery'

/** SDK client settings for the Worker's admin API: its admin key, no retries. */
export const adminConfig = (worker: RunningWorker) => ({
  region: REGION,
  endpoint: worker.endpoint,
  credentials: { accessKeyId: worker.accessKeyId, secretAccessKey: worker.secretAccessKey },
  maxAttempts: 1,
})

/**
 * The trust policy the identity-pool console writes: `sts:AssumeRoleWithWebIdentity` (and
 * `sts:TagSession` if asked) for `cognito-identity.amazonaws.com`, with this pool as `aud` and,
 * when given, an `amr` entry like `amr` (`authenticated`, `unauthenticated` or a provider).
 */
export function trustPolicyForPool(
  identityPoolId: string,
  options: { amr?: string; tagSession?: boolean } = {},
): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: 'cognito-identity.amazonaws.com' },
        Action: options.tagSession
          ? ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession']
          : 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'cognito-identity.amazonaws.com:aud': identityPoolId },
          ...(options.amr !== undefined
            ? { 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': options.amr } }
            : {}),
        },
      },
    ],
  }
}

/** Creates an IAM role with its trust policy and one inline policy; answers its ARN. */
export async function createRole(
  worker: RunningWorker,
  role: { name: string; trustPolicy: object; policyName: string; statements: object[] },
): Promise<string> {
  const iam = new IAMClient(adminConfig(worker))
  const arn = (
    await iam.send(
      new CreateRoleCommand({
        RoleName: role.name,
        AssumeRolePolicyDocument: JSON.stringify(role.trustPolicy),
      }),
    )
  ).Role!.Arn!
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: role.name,
      PolicyName: role.policyName,
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: role.statements }),
    }),
  )
  return arn
}

/** A user pool with one app client, and the provider name identity pools know it by. */
export interface UserPoolWithClient {
  userPoolId: string
  clientId: string
  /** `cognito-idp.{region}.amazonaws.com/{userPoolId}`. */
  provider: string
}

/** Creates a user pool and an app client allowing `authFlows` (password sign-in unless told). */
export async function createUserPoolWithClient(
  worker: RunningWorker,
  options: { poolName: string; clientName: string; authFlows?: ExplicitAuthFlowsType[] },
): Promise<UserPoolWithClient> {
  const idp = new CognitoIdentityProviderClient(adminConfig(worker))
  const userPoolId = (await idp.send(new CreateUserPoolCommand({ PoolName: options.poolName })))
    .UserPool!.Id!
  const clientId = (
    await idp.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: options.clientName,
        ExplicitAuthFlows: options.authFlows ?? [
          'ALLOW_USER_PASSWORD_AUTH',
          'ALLOW_REFRESH_TOKEN_AUTH',
        ],
      }),
    )
  ).UserPoolClient!.ClientId!
  return { userPoolId, clientId, provider: `cognito-idp.${REGION}.amazonaws.com/${userPoolId}` }
}

/** Creates a confirmed user with `PASSWORD` (no invitation sent). */
export async function createUser(
  worker: RunningWorker,
  userPool: UserPoolWithClient,
  username: string,
): Promise<void> {
  const idp = new CognitoIdentityProviderClient(adminConfig(worker))
  await idp.send(
    new AdminCreateUserCommand({
      UserPoolId: userPool.userPoolId,
      Username: username,
      MessageAction: 'SUPPRESS',
    }),
  )
  await idp.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: userPool.userPoolId,
      Username: username,
      Password: PASSWORD,
      Permanent: true,
    }),
  )
}

/** Creates a user and signs them in with their password; answers their ID token. */
export async function signedInUser(
  worker: RunningWorker,
  userPool: UserPoolWithClient,
  username: string,
): Promise<string> {
  await createUser(worker, userPool, username)
  const idp = new CognitoIdentityProviderClient(adminConfig(worker))
  const signedIn = await idp.send(
    new InitiateAuthCommand({
      ClientId: userPool.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD },
    }),
  )
  return signedIn.AuthenticationResult!.IdToken!
}

/** Creates an identity pool taking ID tokens from `userPool`, with `settings`; answers its id. */
export async function createIdentityPool(
  worker: RunningWorker,
  userPool: UserPoolWithClient,
  settings: Omit<CreateIdentityPoolCommandInput, 'CognitoIdentityProviders'>,
): Promise<string> {
  const identity = new CognitoIdentityClient(adminConfig(worker))
  return (
    await identity.send(
      new CreateIdentityPoolCommand({
        ...settings,
        CognitoIdentityProviders: [
          { ProviderName: userPool.provider, ClientId: userPool.clientId },
        ],
      }),
    )
  ).IdentityPoolId!
}

/** Sets an identity pool's default roles. */
export async function setIdentityPoolRoles(
  worker: RunningWorker,
  identityPoolId: string,
  roles: { authenticated?: string; unauthenticated?: string },
): Promise<void> {
  await new CognitoIdentityClient(adminConfig(worker)).send(
    new SetIdentityPoolRolesCommand({ IdentityPoolId: identityPoolId, Roles: roles }),
  )
}

/**
 * An identity pool on `userPool` with default roles: `roles` is called with the new pool's id
 * (which the roles' trust policies name) and answers the roles' ARNs.
 */
export async function identityPoolWithRoles(
  worker: RunningWorker,
  userPool: UserPoolWithClient,
  settings: Omit<CreateIdentityPoolCommandInput, 'CognitoIdentityProviders'>,
  roles: (identityPoolId: string) => Promise<{ authenticated?: string; unauthenticated?: string }>,
): Promise<string> {
  const identityPoolId = await createIdentityPool(worker, userPool, settings)
  await setIdentityPoolRoles(worker, identityPoolId, await roles(identityPoolId))
  return identityPoolId
}

/**
 * An identity pool on `userPool` that allows guests, whose guest and signed-in roles (`sync-guests`,
 * `sync-users`) may use `cognito-sync:*` on `resource` (a pattern with IAM policy variables).
 */
export function syncIdentityPool(
  worker: RunningWorker,
  userPool: UserPoolWithClient,
  resource: string,
): Promise<string> {
  const statements = [{ Effect: 'Allow', Action: 'cognito-sync:*', Resource: resource }]
  return identityPoolWithRoles(
    worker,
    userPool,
    { IdentityPoolName: 'sync', AllowUnauthenticatedIdentities: true },
    async (poolId) => ({
      authenticated: await createRole(worker, {
        name: 'sync-users',
        trustPolicy: trustPolicyForPool(poolId, { amr: 'authenticated' }),
        policyName: 'sync',
        statements,
      }),
      unauthenticated: await createRole(worker, {
        name: 'sync-guests',
        trustPolicy: trustPolicyForPool(poolId, { amr: 'unauthenticated' }),
        policyName: 'sync',
        statements,
      }),
    }),
  )
}
