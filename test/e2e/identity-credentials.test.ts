import {
  CognitoIdentityClient,
  DeleteIdentitiesCommand,
  SetPrincipalTagAttributeMapCommand,
  UnlinkIdentityCommand,
} from '@aws-sdk/client-cognito-identity'
import {
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ServiceException,
} from '@aws-sdk/client-s3'
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  adminConfig,
  createIdentityPool,
  createRole,
  createUserPoolWithClient,
  identityPoolWithRoles,
  REGION,
  setIdentityPoolRoles,
  signedInUser,
  trustPolicyForPool,
  type UserPoolWithClient,
} from './support/identity-pool-fixture'
import { startWorker, type RunningWorker } from './support/worker'

const FIXTURE = join(process.cwd(), 'test', 'e2e', 'fixtures', 'origins')

/**
 * Identity-pool credentials as an app gets them (`fromCognitoIdentityPool` over the unmodified
 * SDK clients), used against the S3 front on a real Worker, with the role's policy enforced.
 */
describe('identity-pool credentials against the S3 front (real worker, unmodified SDK)', () => {
  let worker: RunningWorker
  let identityPoolId: string
  let userPool: UserPoolWithClient

  const admin = () => adminConfig(worker)

  /** A role for the pool's identities with an `amr` entry like `amr`, and its storage policy. */
  const role = (poolId: string, name: string, amr: string, statements: object[]) =>
    createRole(worker, {
      name,
      trustPolicy: trustPolicyForPool(poolId, { amr }),
      policyName: 'storage',
      statements,
    })

  const signIn = (username: string) => signedInUser(worker, userPool, username)

  /** An S3 client on the credentials the app's identity provider chain hands out. */
  function s3For(logins?: Record<string, string>, poolId = identityPoolId) {
    const credentials = fromCognitoIdentityPool({
      identityPoolId: poolId,
      ...(logins ? { logins } : {}),
      clientConfig: { region: REGION, endpoint: worker.endpoint, maxAttempts: 1 },
    })
    return {
      credentials,
      s3: new S3Client({
        endpoint: `${worker.appEndpoint}/s3`,
        forcePathStyle: true,
        region: REGION,
        credentials,
        maxAttempts: 1,
      }),
    }
  }

  const refusal = async (promise: Promise<unknown>) => {
    try {
      await promise
    } catch (error) {
      return error as S3ServiceException
    }
    throw new Error('the call succeeded')
  }

  beforeAll(async () => {
    const config = {
      routes: [
        { path: '/s3/*', origin: 's3:MEDIA/s3/', bucket: 'media', authorization: 'aws_iam' },
      ],
    }
    worker = await startWorker({
      vars: { GATEWAY_CONFIG: JSON.stringify(config) },
      configs: [join(FIXTURE, 'wrangler.toml'), join(FIXTURE, 'backend', 'wrangler.toml')],
    })
    userPool = await createUserPoolWithClient(worker, { poolName: 'storage', clientName: 'app' })
    identityPoolId = await identityPoolWithRoles(
      worker,
      userPool,
      { IdentityPoolName: 'storage', AllowUnauthenticatedIdentities: true },
      async (poolId) => ({
        authenticated: await role(poolId, 'storage-users', 'authenticated', [
          {
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:PutObject'],
            Resource: [
              'arn:aws:s3:::media/public/*',
              'arn:aws:s3:::media/private/${cognito-identity.amazonaws.com:sub}/*',
            ],
          },
        ]),
        unauthenticated: await role(poolId, 'storage-guests', 'unauthenticated', [
          { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::media/public/*' },
        ]),
      }),
    )
  }, 120_000)

  afterAll(async () => {
    await worker?.stop()
  })

  it('lets a signed-in user write and read under their own prefix, and no one else’s', async () => {
    const provider = userPool.provider
    const alice = s3For({ [provider]: await signIn('alice') })
    const aliceId = (await alice.credentials()).identityId
    expect((await alice.credentials()).accessKeyId).toMatch(/^ASIA/)
    await alice.s3.send(
      new PutObjectCommand({ Bucket: 'media', Key: `private/${aliceId}/notes.txt`, Body: 'mine' }),
    )
    const read = await alice.s3.send(
      new GetObjectCommand({ Bucket: 'media', Key: `private/${aliceId}/notes.txt` }),
    )
    expect(await read.Body!.transformToString()).toBe('mine')

    const bob = s3For({ [provider]: await signIn('bob') })
    const denied = await refusal(
      bob.s3.send(new GetObjectCommand({ Bucket: 'media', Key: `private/${aliceId}/notes.txt` })),
    )
    expect(denied.name).toBe('AccessDenied')
    expect(denied.$metadata.httpStatusCode).toBe(403)
    expect(denied.message).toMatch(
      /assumed-role\/storage-users\/.* is not authorized to perform: s3:GetObject/,
    )
  })

  it('gives a guest only the guest role', async () => {
    const owner = s3For({
      [userPool.provider]: await signIn('carol'),
    })
    await owner.s3.send(
      new PutObjectCommand({ Bucket: 'media', Key: 'public/hello.txt', Body: 'hi' }),
    )
    const guest = s3For()
    const read = await guest.s3.send(
      new GetObjectCommand({ Bucket: 'media', Key: 'public/hello.txt' }),
    )
    expect(await read.Body!.transformToString()).toBe('hi')
    const denied = await refusal(
      guest.s3.send(
        new PutObjectCommand({ Bucket: 'media', Key: 'public/graffiti.txt', Body: 'x' }),
      ),
    )
    expect(denied.name).toBe('AccessDenied')
  })

  it('refuses credentials whose session token was swapped for another', async () => {
    const provider = userPool.provider
    const first = await s3For({ [provider]: await signIn('dave') }).credentials()
    const second = await s3For().credentials()
    const forged = new S3Client({
      endpoint: `${worker.appEndpoint}/s3`,
      forcePathStyle: true,
      region: REGION,
      credentials: {
        accessKeyId: first.accessKeyId,
        secretAccessKey: first.secretAccessKey,
        sessionToken: second.sessionToken!,
      },
      maxAttempts: 1,
    })
    const refused = await refusal(
      forged.send(new GetObjectCommand({ Bucket: 'media', Key: 'public/hello.txt' })),
    )
    expect(refused.name).toBe('InvalidToken')
  })

  it('refuses a session once its identity is deleted, and serves the next one', async () => {
    const provider = userPool.provider
    const token = await signIn('erin')
    const erin = s3For({ [provider]: token })
    const { identityId } = await erin.credentials()
    await erin.s3.send(
      new PutObjectCommand({ Bucket: 'media', Key: `private/${identityId}/a.txt`, Body: 'a' }),
    )
    await new CognitoIdentityClient(admin()).send(
      new DeleteIdentitiesCommand({ IdentityIdsToDelete: [identityId] }),
    )
    // The provider chain still holds the old credentials: the S3 front refuses them.
    const refused = await refusal(
      erin.s3.send(new GetObjectCommand({ Bucket: 'media', Key: `private/${identityId}/a.txt` })),
    )
    expect(refused.name).toBe('InvalidToken')
    expect(refused.$metadata.httpStatusCode).toBe(400)
    const again = s3For({ [provider]: token })
    const fresh = await again.credentials()
    expect(fresh.identityId).not.toBe(identityId)
    await again.s3.send(
      new PutObjectCommand({
        Bucket: 'media',
        Key: `private/${fresh.identityId}/b.txt`,
        Body: 'b',
      }),
    )
  })

  it('refuses a session once its login is unlinked', async () => {
    const provider = userPool.provider
    const token = await signIn('frank')
    const frank = s3For({ [provider]: token })
    const { identityId } = await frank.credentials()
    await frank.s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'public/hello.txt' }))
    await new CognitoIdentityClient({
      region: REGION,
      endpoint: worker.endpoint,
      maxAttempts: 1,
    }).send(
      new UnlinkIdentityCommand({
        IdentityId: identityId,
        Logins: { [provider]: token },
        LoginsToRemove: [provider],
      }),
    )
    const refused = await refusal(
      frank.s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'public/hello.txt' })),
    )
    expect(refused.name).toBe('InvalidToken')
  })

  it('gives each user the prefix of their principal tag', async () => {
    const provider = userPool.provider
    const poolId = await createIdentityPool(worker, userPool, {
      IdentityPoolName: 'homes',
      AllowUnauthenticatedIdentities: false,
    })
    await new CognitoIdentityClient(admin()).send(
      new SetPrincipalTagAttributeMapCommand({
        IdentityPoolId: poolId,
        IdentityProviderName: provider,
        UseDefaults: true,
      }),
    )
    const homes = await createRole(worker, {
      name: 'homes',
      trustPolicy: trustPolicyForPool(poolId, { tagSession: true }),
      policyName: 'home',
      statements: [
        {
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject'],
          Resource: 'arn:aws:s3:::media/home/${aws:PrincipalTag/username}/*',
        },
      ],
    })
    await setIdentityPoolRoles(worker, poolId, { authenticated: homes })
    const subOf = (token: string) =>
      JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')).sub as string
    const ginaToken = await signIn('gina')
    const gina = s3For({ [provider]: ginaToken }, poolId)
    const hankToken = await signIn('hank')
    const hank = s3For({ [provider]: hankToken }, poolId)
    const ginaKey = `home/${subOf(ginaToken)}/notes.txt`
    await gina.s3.send(new PutObjectCommand({ Bucket: 'media', Key: ginaKey, Body: 'gina' }))
    const read = await gina.s3.send(new GetObjectCommand({ Bucket: 'media', Key: ginaKey }))
    expect(await read.Body!.transformToString()).toBe('gina')
    const denied = await refusal(
      hank.s3.send(new GetObjectCommand({ Bucket: 'media', Key: ginaKey })),
    )
    expect(denied.name).toBe('AccessDenied')
    expect(denied.message).toMatch(
      /assumed-role\/homes\/.* is not authorized to perform: s3:GetObject/,
    )
    await hank.s3.send(
      new PutObjectCommand({ Bucket: 'media', Key: `home/${subOf(hankToken)}/x.txt`, Body: 'h' }),
    )
  })
})
