import {
  CreateIdentityPoolCommand,
  GetIdCommand,
  GetOpenIdTokenCommand,
} from '@aws-sdk/client-cognito-identity'
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam'
import { AUTH, APP, testApp } from './app'
import { userPoolFixture } from './identity-pools'
import { MemoryR2Bucket } from './memory-r2-bucket'
import { iamClient, identitySdkClient, s3Client, sdkClient, stsClient } from './sdk'

/** The developer provider of the classic-flow pools. */
export const DEVELOPER = 'login.example'
const ROUTES = {
  routes: [
    { path: '/s3/*', origin: 's3:MEDIA/tenant/', bucket: 'media', authorization: 'aws_iam' },
  ],
}

/**
 * The trust policy Cognito's console writes: one pool's identities of one `amr`, who may also tag
 * their sessions (developer tokens carry principal tags).
 */
export const poolTrust = (poolId: string, amr: string): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: 'cognito-identity.amazonaws.com' },
        Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'],
        Condition: {
          StringEquals: { 'cognito-identity.amazonaws.com:aud': poolId },
          'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
        },
      },
    ],
  })

/** Read and write anywhere in the bucket. */
export const BUCKET_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::media/*' },
  ],
})

/**
 * A Worker with a user pool, an S3 front over a memory bucket, and an identity pool (classic flow
 * allowed unless told otherwise, guests allowed, a developer provider) whose roles trust it.
 */
export async function classicFlowSetup(options: { allowClassicFlow?: boolean } = {}) {
  const bucket = new MemoryR2Bucket(() => app.now())
  const app = testApp({ GATEWAY_CONFIG: JSON.stringify(ROUTES) }, { MEDIA: bucket })
  const identity = identitySdkClient(app)
  const iam = iamClient(app)
  const users = await userPoolFixture(sdkClient(app))
  const newPool = async (name: string, allowClassicFlow: boolean) =>
    (
      await identity.send(
        new CreateIdentityPoolCommand({
          IdentityPoolName: name,
          AllowUnauthenticatedIdentities: true,
          AllowClassicFlow: allowClassicFlow,
          DeveloperProviderName: DEVELOPER,
          CognitoIdentityProviders: [{ ProviderName: users.provider, ClientId: users.clientId }],
        }),
      )
    ).IdentityPoolId!
  const poolId = await newPool('classic', options.allowClassicFlow ?? true)
  const role = async (
    name: string,
    trust: string,
    policy = BUCKET_POLICY,
    maxSessionDuration?: number,
  ) => {
    const arn = (
      await iam.send(
        new CreateRoleCommand({
          RoleName: name,
          AssumeRolePolicyDocument: trust,
          ...(maxSessionDuration ? { MaxSessionDuration: maxSessionDuration } : {}),
        }),
      )
    ).Role!.Arn!
    await iam.send(
      new PutRolePolicyCommand({ RoleName: name, PolicyName: 'bucket', PolicyDocument: policy }),
    )
    return arn
  }
  /** A signed-in user's identity, its logins and a fresh GetOpenIdToken token. */
  const user = async (name: string, inPool = poolId) => {
    const Logins = { [users.provider]: await users.signIn(name) }
    const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: inPool, Logins }))
    const { Token } = await identity.send(
      new GetOpenIdTokenCommand({ IdentityId: IdentityId!, Logins }),
    )
    return { identityId: IdentityId!, logins: Logins, token: Token! }
  }
  const guest = async () => {
    const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: poolId }))
    const { Token } = await identity.send(new GetOpenIdTokenCommand({ IdentityId: IdentityId! }))
    return { identityId: IdentityId!, token: Token! }
  }
  const s3 = (credentials: {
    accessKeyId: string
    secretAccessKey: string
    sessionToken: string
  }) => s3Client(app.fetch, app.now, { endpoint: `${APP}/s3`, credentials })
  return {
    app,
    bucket,
    identity,
    iam,
    sts: stsClient(app, { endpoint: `${AUTH}/sts/` }),
    stsAtRoot: stsClient(app),
    users,
    poolId,
    newPool,
    role,
    user,
    guest,
    s3,
  }
}

/** What an SDK call threw: its error name, HTTP status and message. */
export async function refusal(
  call: Promise<unknown>,
): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await call
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } }
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message }
  }
  throw new Error('the call succeeded')
}
