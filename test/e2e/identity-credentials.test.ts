import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  DeleteIdentitiesCommand,
  SetIdentityPoolRolesCommand,
  SetPrincipalTagAttributeMapCommand,
  UnlinkIdentityCommand,
} from '@aws-sdk/client-cognito-identity'
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam'
import {
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ServiceException,
} from '@aws-sdk/client-s3'
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWorker, type RunningWorker } from './support/worker'

const FIXTURE = join(process.cwd(), 'test', 'e2e', 'fixtures', 'origins')
const PASSWORD = 'Correct-Horse-9-battery'

/**
 * Identity-pool credentials as an app gets them (`fromCognitoIdentityPool` over the unmodified
 * SDK clients), used against the S3 front on a real Worker, with the role's policy enforced.
 */
describe('identity-pool credentials against the S3 front (real worker, unmodified SDK)', () => {
  let worker: RunningWorker
  let identityPoolId: string
  let userPoolId: string
  let clientId: string
  const region = 'us-east-1'

  const admin = () => ({
    region,
    endpoint: worker.endpoint,
    credentials: { accessKeyId: worker.accessKeyId, secretAccessKey: worker.secretAccessKey },
    maxAttempts: 1,
  })

  const trust = (amr: string) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: 'cognito-identity.amazonaws.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { 'cognito-identity.amazonaws.com:aud': identityPoolId },
            'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
          },
        },
      ],
    })

  async function role(name: string, amr: string, policy: object): Promise<string> {
    const iam = new IAMClient(admin())
    const arn = (
      await iam.send(
        new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust(amr) }),
      )
    ).Role!.Arn!
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: name,
        PolicyName: 'storage',
        PolicyDocument: JSON.stringify(policy),
      }),
    )
    return arn
  }

  async function signIn(username: string): Promise<string> {
    const idp = new CognitoIdentityProviderClient(admin())
    await idp.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: username,
        MessageAction: 'SUPPRESS',
      }),
    )
    await idp.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: userPoolId,
        Username: username,
        Password: PASSWORD,
        Permanent: true,
      }),
    )
    const signedIn = await idp.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD },
      }),
    )
    return signedIn.AuthenticationResult!.IdToken!
  }

  /** An S3 client on the credentials the app's identity provider chain hands out. */
  function s3For(logins?: Record<string, string>, poolId = identityPoolId) {
    const credentials = fromCognitoIdentityPool({
      identityPoolId: poolId,
      ...(logins ? { logins } : {}),
      clientConfig: { region, endpoint: worker.endpoint, maxAttempts: 1 },
    })
    return {
      credentials,
      s3: new S3Client({
        endpoint: `${worker.appEndpoint}/s3`,
        forcePathStyle: true,
        region,
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
    const idp = new CognitoIdentityProviderClient(admin())
    userPoolId = (await idp.send(new CreateUserPoolCommand({ PoolName: 'storage' }))).UserPool!.Id!
    clientId = (
      await idp.send(
        new CreateUserPoolClientCommand({
          UserPoolId: userPoolId,
          ClientName: 'app',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        }),
      )
    ).UserPoolClient!.ClientId!
    const identity = new CognitoIdentityClient(admin())
    identityPoolId = (
      await identity.send(
        new CreateIdentityPoolCommand({
          IdentityPoolName: 'storage',
          AllowUnauthenticatedIdentities: true,
          CognitoIdentityProviders: [
            {
              ProviderName: `cognito-idp.${region}.amazonaws.com/${userPoolId}`,
              ClientId: clientId,
            },
          ],
        }),
      )
    ).IdentityPoolId!
    const authenticated = await role('storage-users', 'authenticated', {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject'],
          Resource: [
            'arn:aws:s3:::media/public/*',
            'arn:aws:s3:::media/private/${cognito-identity.amazonaws.com:sub}/*',
          ],
        },
      ],
    })
    const guests = await role('storage-guests', 'unauthenticated', {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::media/public/*' },
      ],
    })
    await identity.send(
      new SetIdentityPoolRolesCommand({
        IdentityPoolId: identityPoolId,
        Roles: { authenticated, unauthenticated: guests },
      }),
    )
  }, 120_000)

  afterAll(async () => {
    await worker?.stop()
  })

  it('lets a signed-in user write and read under their own prefix, and no one else’s', async () => {
    const provider = `cognito-idp.${region}.amazonaws.com/${userPoolId}`
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
      [`cognito-idp.${region}.amazonaws.com/${userPoolId}`]: await signIn('carol'),
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
    const provider = `cognito-idp.${region}.amazonaws.com/${userPoolId}`
    const first = await s3For({ [provider]: await signIn('dave') }).credentials()
    const second = await s3For().credentials()
    const forged = new S3Client({
      endpoint: `${worker.appEndpoint}/s3`,
      forcePathStyle: true,
      region,
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
    const provider = `cognito-idp.${region}.amazonaws.com/${userPoolId}`
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
    const provider = `cognito-idp.${region}.amazonaws.com/${userPoolId}`
    const token = await signIn('frank')
    const frank = s3For({ [provider]: token })
    const { identityId } = await frank.credentials()
    await frank.s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'public/hello.txt' }))
    await new CognitoIdentityClient({ region, endpoint: worker.endpoint, maxAttempts: 1 }).send(
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
    const provider = `cognito-idp.${region}.amazonaws.com/${userPoolId}`
    const identity = new CognitoIdentityClient(admin())
    const poolId = (
      await identity.send(
        new CreateIdentityPoolCommand({
          IdentityPoolName: 'homes',
          AllowUnauthenticatedIdentities: false,
          CognitoIdentityProviders: [{ ProviderName: provider, ClientId: clientId }],
        }),
      )
    ).IdentityPoolId!
    await identity.send(
      new SetPrincipalTagAttributeMapCommand({
        IdentityPoolId: poolId,
        IdentityProviderName: provider,
        UseDefaults: true,
      }),
    )
    const iam = new IAMClient(admin())
    const homes = (
      await iam.send(
        new CreateRoleCommand({
          RoleName: 'homes',
          AssumeRolePolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Federated: 'cognito-identity.amazonaws.com' },
                Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'],
                Condition: { StringEquals: { 'cognito-identity.amazonaws.com:aud': poolId } },
              },
            ],
          }),
        }),
      )
    ).Role!.Arn!
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'homes',
        PolicyName: 'home',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['s3:GetObject', 's3:PutObject'],
              Resource: 'arn:aws:s3:::media/home/${aws:PrincipalTag/username}/*',
            },
          ],
        }),
      }),
    )
    await identity.send(
      new SetIdentityPoolRolesCommand({ IdentityPoolId: poolId, Roles: { authenticated: homes } }),
    )
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
