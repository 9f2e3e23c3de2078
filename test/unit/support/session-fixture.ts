import {
  type CognitoIdentityClient,
  CreateIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  type GetCredentialsForIdentityResponse,
  GetIdCommand,
  SetIdentityPoolRolesCommand,
} from '@aws-sdk/client-cognito-identity'
import { CreateRoleCommand, type IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam'
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import {
  openSessionCredentials,
  type SessionClaims,
} from '../../../src/iam/sessions/session-credentials'
import { APP, type TestApp, testApp } from './app'
import { type UserPoolFixture, userPoolFixture } from './identity-pools'
import { MemoryR2Bucket } from './memory-r2-bucket'
import { iamClient, identitySdkClient, s3Client, sdkClient } from './sdk'

const S3_ROUTE = { path: '/s3/*', origin: 's3:MEDIA/', bucket: 'media', authorization: 'aws_iam' }
/** Where the S3 front answers in the fixture's Worker. */
export const S3_ENDPOINT = `${APP}/s3`

/** A trust policy for this identity pool's identities of one kind, with more actions if asked. */
export const identityTrust = (poolId: string, amr: string, actions: string[] = []) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: 'cognito-identity.amazonaws.com' },
        Action: ['sts:AssumeRoleWithWebIdentity', ...actions],
        Condition: {
          StringEquals: { 'cognito-identity.amazonaws.com:aud': poolId },
          'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
        },
      },
    ],
  })

/** One GetCredentialsForIdentity answer, and an S3 client signing with it. */
export interface Session {
  identityId: string
  answer: GetCredentialsForIdentityResponse
  s3: S3Client
  /** What its session token carries. */
  claims(): Promise<SessionClaims>
}

export interface SessionFixture {
  app: TestApp
  identity: CognitoIdentityClient
  iam: IAMClient
  bucket: MemoryR2Bucket
  /** The S3 front with the admin key. */
  admin: S3Client
  poolId: string
  /** Two user pools the identity pool takes ID tokens from. */
  users: UserPoolFixture
  otherUsers: UserPoolFixture
  /** A role trusting the pool's identities of kind `amr` (and `trustActions`), with one policy. */
  role(name: string, amr: string, policy: object, trustActions?: string[]): Promise<string>
  setRoles(roles: Record<string, string>, mappings?: Record<string, unknown>): Promise<void>
  /** The identity of `logins` (a guest without), or `identityId` given, and its credentials. */
  session(logins?: Record<string, string>, identityId?: string): Promise<Session>
  /** An S3 client on credentials, on app `on` (another isolate) if given. */
  s3With(answer: GetCredentialsForIdentityResponse, on?: TestApp): S3Client
}

/**
 * A Worker with the S3 front over a memory bucket, two user pools and an identity pool on them
 * (with a developer provider if named); `routes` are more gateway routes, to origins among
 * `bindings`.
 */
export async function sessionFixture(
  options: {
    developerProvider?: string
    routes?: object[]
    bindings?: Record<string, unknown>
  } = {},
): Promise<SessionFixture> {
  const bucket = new MemoryR2Bucket(() => app.now())
  const app = testApp(
    { GATEWAY_CONFIG: JSON.stringify({ routes: [S3_ROUTE, ...(options.routes ?? [])] }) },
    { ...options.bindings, MEDIA: bucket },
  )
  const identity = identitySdkClient(app)
  const iam = iamClient(app)
  const users = await userPoolFixture(sdkClient(app))
  const otherUsers = await userPoolFixture(sdkClient(app))
  const poolId = (
    await identity.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: 'sessions',
        AllowUnauthenticatedIdentities: true,
        ...(options.developerProvider ? { DeveloperProviderName: options.developerProvider } : {}),
        CognitoIdentityProviders: [
          { ProviderName: users.provider, ClientId: users.clientId },
          { ProviderName: otherUsers.provider, ClientId: otherUsers.clientId },
        ],
      }),
    )
  ).IdentityPoolId!
  const s3With = (answer: GetCredentialsForIdentityResponse, on: TestApp = app) =>
    s3Client(on.fetch, on.now, {
      endpoint: S3_ENDPOINT,
      credentials: {
        accessKeyId: answer.Credentials!.AccessKeyId!,
        secretAccessKey: answer.Credentials!.SecretKey!,
        sessionToken: answer.Credentials!.SessionToken!,
      },
    })
  return {
    app,
    identity,
    iam,
    bucket,
    admin: s3Client(app.fetch, app.now, { endpoint: S3_ENDPOINT }),
    poolId,
    users,
    otherUsers,
    async role(name, amr, policy, trustActions = []) {
      const arn = (
        await iam.send(
          new CreateRoleCommand({
            RoleName: name,
            AssumeRolePolicyDocument: identityTrust(poolId, amr, trustActions),
          }),
        )
      ).Role!.Arn!
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: name,
          PolicyName: 'access',
          PolicyDocument: JSON.stringify(policy),
        }),
      )
      return arn
    },
    async setRoles(roles, mappings) {
      await identity.send(
        new SetIdentityPoolRolesCommand({
          IdentityPoolId: poolId,
          Roles: roles,
          ...(mappings ? { RoleMappings: mappings as never } : {}),
        }),
      )
    },
    async session(logins, identityId) {
      const id =
        identityId ??
        (
          await identity.send(
            new GetIdCommand({ IdentityPoolId: poolId, ...(logins ? { Logins: logins } : {}) }),
          )
        ).IdentityId!
      const answer = await identity.send(
        new GetCredentialsForIdentityCommand({
          IdentityId: id,
          ...(logins ? { Logins: logins } : {}),
        }),
      )
      return {
        identityId: answer.IdentityId!,
        answer,
        s3: s3With(answer),
        async claims() {
          const opened = await openSessionCredentials(
            app.runtime.services.sealer,
            answer.Credentials!.AccessKeyId!,
            answer.Credentials!.SessionToken!,
            Math.floor(app.now() / 1000),
          )
          if (!opened || opened === 'expired') throw new Error('the session token does not open')
          return opened.claims
        },
      }
    },
    s3With,
  }
}

export const put = (s3: S3Client, Key: string, Body = 'data') =>
  s3.send(new PutObjectCommand({ Bucket: 'media', Key, Body }))
export const get = (s3: S3Client, Key: string) =>
  s3.send(new GetObjectCommand({ Bucket: 'media', Key }))

/** The claims of a JWT, unverified (the test's own tokens). */
export const jwtClaims = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'))
