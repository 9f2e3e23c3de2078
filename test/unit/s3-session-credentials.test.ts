import {
  CreateIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  SetIdentityPoolRolesCommand,
} from '@aws-sdk/client-cognito-identity'
import {
  CreateRoleCommand,
  DeleteRolePolicyCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam'
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { APP, testApp } from './support/app'
import { userPoolFixture } from './support/identity-pools'
import { MemoryR2Bucket } from './support/memory-r2-bucket'
import { iamClient, identitySdkClient, s3Client, sdkClient } from './support/sdk'

const ROUTES = {
  routes: [
    { path: '/s3/*', origin: 's3:MEDIA/tenant/', bucket: 'media', authorization: 'aws_iam' },
  ],
}
const ENDPOINT = `${APP}/s3`

const trust = (poolId: string, amr: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: 'cognito-identity.amazonaws.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'cognito-identity.amazonaws.com:aud': poolId },
          'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
        },
      },
    ],
  })

/** Amplify's storage policy: each identity owns `private/{its identity id}/`. */
const PRIVATE_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: 'arn:aws:s3:::media/private/${cognito-identity.amazonaws.com:sub}/*',
    },
  ],
})
const PUBLIC_READ = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::media/public/*' }],
})

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: { name?: string; message?: string; $metadata?: { httpStatusCode?: number } }) => ({
      code: e.name,
      status: e.$metadata?.httpStatusCode,
      message: e.message,
    }),
  )

const text = async (body: { transformToString(): Promise<string> } | undefined) =>
  body ? body.transformToString() : ''

async function setup() {
  const bucket = new MemoryR2Bucket(() => app.now())
  const app = testApp({ GATEWAY_CONFIG: JSON.stringify(ROUTES) }, { MEDIA: bucket })
  const identity = identitySdkClient(app)
  const iam = iamClient(app)
  const users = await userPoolFixture(sdkClient(app))
  const poolId = (
    await identity.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: 'storage',
        AllowUnauthenticatedIdentities: true,
        CognitoIdentityProviders: [{ ProviderName: users.provider, ClientId: users.clientId }],
      }),
    )
  ).IdentityPoolId!
  const role = async (name: string, amr: string, policy: string) => {
    const arn = (
      await iam.send(
        new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust(poolId, amr) }),
      )
    ).Role!.Arn!
    await iam.send(
      new PutRolePolicyCommand({ RoleName: name, PolicyName: 'storage', PolicyDocument: policy }),
    )
    return arn
  }
  await identity.send(
    new SetIdentityPoolRolesCommand({
      IdentityPoolId: poolId,
      Roles: {
        authenticated: await role('storage-auth', 'authenticated', PRIVATE_POLICY),
        unauthenticated: await role('storage-guest', 'unauthenticated', PUBLIC_READ),
      },
    }),
  )
  /** An S3 client on the credentials of a user (or a guest, without a name), and its identity. */
  const clientOf = async (username?: string): Promise<{ id: string; s3: S3Client }> => {
    const Logins = username ? { [users.provider]: await users.signIn(username) } : undefined
    const { IdentityId } = await identity.send(
      new GetIdCommand({ IdentityPoolId: poolId, ...(Logins ? { Logins } : {}) }),
    )
    const { Credentials } = await identity.send(
      new GetCredentialsForIdentityCommand({ IdentityId, ...(Logins ? { Logins } : {}) }),
    )
    const s3 = s3Client(app.fetch, app.now, {
      endpoint: ENDPOINT,
      credentials: {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretKey!,
        sessionToken: Credentials!.SessionToken!,
      },
    })
    return { id: IdentityId!, s3 }
  }
  const admin = s3Client(app.fetch, app.now, { endpoint: ENDPOINT })
  return { app, iam, bucket, admin, clientOf }
}

const put = (s3: S3Client, Key: string, Body = 'data') =>
  s3.send(new PutObjectCommand({ Bucket: 'media', Key, Body }))
const get = (s3: S3Client, Key: string) => s3.send(new GetObjectCommand({ Bucket: 'media', Key }))

describe('the S3 front with identity-pool session credentials', () => {
  it("lets a user write and read their own private keys, not another identity's", async () => {
    const { bucket, clientOf } = await setup()
    const alice = await clientOf('alice')
    const bob = await clientOf('bob')
    await put(alice.s3, `private/${alice.id}/notes.txt`, 'mine')
    expect([...bucket.objects.keys()]).toEqual([`tenant/private/${alice.id}/notes.txt`])
    expect(await text((await get(alice.s3, `private/${alice.id}/notes.txt`)).Body)).toBe('mine')

    const denied = await failure(get(bob.s3, `private/${alice.id}/notes.txt`))
    expect(denied).toMatchObject({ code: 'AccessDenied', status: 403 })
    expect(denied!.message).toBe(
      `User: arn:aws:sts::000000000000:assumed-role/storage-auth/CognitoIdentityCredentials is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::media/private/${alice.id}/notes.txt" because no identity-based policy allows the s3:GetObject action`,
    )
    expect(await failure(put(alice.s3, `private/${bob.id}/planted.txt`))).toMatchObject({
      code: 'AccessDenied',
      status: 403,
    })
    expect([...bucket.objects.keys()]).toEqual([`tenant/private/${alice.id}/notes.txt`])
  })

  it('gives a guest only the guest role', async () => {
    const { admin, clientOf } = await setup()
    await put(admin, 'public/readme.txt', 'hello')
    const guest = await clientOf()
    expect(await text((await get(guest.s3, 'public/readme.txt')).Body)).toBe('hello')
    expect(await failure(put(guest.s3, 'public/graffiti.txt'))).toMatchObject({
      code: 'AccessDenied',
    })
    expect(await failure(put(guest.s3, `private/${guest.id}/x.txt`))).toMatchObject({
      code: 'AccessDenied',
    })
  })

  it('applies policy edits to live sessions, and refuses expired or foreign tokens', async () => {
    const { app, iam, clientOf } = await setup()
    const alice = await clientOf('alice')
    const key = `private/${alice.id}/a.txt`
    await put(alice.s3, key)
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'storage-auth', PolicyName: 'storage' }))
    expect(await failure(get(alice.s3, key))).toMatchObject({ code: 'AccessDenied' })

    const credentials = await alice.s3.config.credentials()
    const forged = s3Client(app.fetch, app.now, {
      endpoint: ENDPOINT,
      credentials: {
        accessKeyId: 'ASIAAAAAAAAAAAAAAAAA',
        secretAccessKey: credentials.secretAccessKey,
        sessionToken: credentials.sessionToken!,
      },
    })
    expect(await failure(get(forged, key))).toMatchObject({ code: 'InvalidToken' })
    app.advance(3600 * 1000)
    expect(await failure(get(alice.s3, key))).toMatchObject({ code: 'ExpiredToken' })
  })
})
