import {
  CognitoIdentityClient,
  GetIdCommand,
  GetOpenIdTokenCommand,
  GetOpenIdTokenForDeveloperIdentityCommand,
} from '@aws-sdk/client-cognito-identity'
import {
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ServiceException,
} from '@aws-sdk/client-s3'
import {
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient,
  type STSServiceException,
} from '@aws-sdk/client-sts'
import { fromCognitoIdentity, fromWebToken } from '@aws-sdk/credential-providers'
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types'
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import * as openid from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  adminConfig,
  createIdentityPool,
  createRole,
  createUserPoolWithClient,
  REGION,
  setIdentityPoolRoles,
  signedInUser,
  trustPolicyForPool,
  type UserPoolWithClient,
} from './support/identity-pool-fixture'
import { startWorker, type RunningWorker } from './support/worker'

const FIXTURE = join(process.cwd(), 'test', 'e2e', 'fixtures', 'origins')
const DEVELOPER = 'login.example'
const run = promisify(execFile)

/**
 * The basic (classic) flow as an app runs it with the unmodified SDK: GetId and GetOpenIdToken
 * (unsigned), the token checked by openid-client and jose through the published discovery and
 * JWKS, then `fromWebToken` (STS AssumeRoleWithWebIdentity) and the credentials on STS's
 * GetCallerIdentity and the S3 front of a real Worker; and the developer flows (GetOpenIdTokenForDeveloperIdentity with principal
 * tags, into STS and into `fromCognitoIdentity`).
 */
describe('the classic flow and developer identities (real worker, unmodified SDK)', () => {
  let worker: RunningWorker
  let identityPoolId: string
  let closedPoolId: string
  let userPool: UserPoolWithClient
  let usersRole: string
  let teamsRole: string
  const provider = () => userPool.provider

  /** A role for the classic pool's identities with an `amr` entry like `amr`, on `resource`. */
  const role = (name: string, amr: string, resource: string) =>
    createRole(worker, {
      name,
      trustPolicy: trustPolicyForPool(identityPoolId, { amr, tagSession: true }),
      policyName: 'storage',
      statements: [
        { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: resource },
      ],
    })

  const signIn = (username: string) => signedInUser(worker, userPool, username)

  /** The identity pools API as an app calls it: no credentials at all (public operations). */
  const publicIdentity = () =>
    new CognitoIdentityClient({ region: REGION, endpoint: worker.endpoint, maxAttempts: 1 })

  const s3With = (credentials: AwsCredentialIdentityProvider) =>
    new S3Client({
      endpoint: `${worker.appEndpoint}/s3`,
      forcePathStyle: true,
      region: REGION,
      credentials,
      maxAttempts: 1,
    })

  /** STS at its own path of the Worker. */
  const stsConfig = () => ({ region: REGION, endpoint: `${worker.endpoint}/sts/`, maxAttempts: 1 })

  const refusal = async (promise: Promise<unknown>) => {
    try {
      await promise
    } catch (error) {
      return error as S3ServiceException | STSServiceException
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
    userPool = await createUserPoolWithClient(worker, { poolName: 'classic', clientName: 'app' })
    const newPool = (name: string, allowClassicFlow: boolean) =>
      createIdentityPool(worker, userPool, {
        IdentityPoolName: name,
        AllowUnauthenticatedIdentities: false,
        AllowClassicFlow: allowClassicFlow,
        DeveloperProviderName: DEVELOPER,
      })
    identityPoolId = await newPool('classic', true)
    closedPoolId = await newPool('enhanced-only', false)
    usersRole = await role(
      'classic-users',
      'authenticated',
      'arn:aws:s3:::media/private/${cognito-identity.amazonaws.com:sub}/*',
    )
    teamsRole = await role(
      'developer-teams',
      DEVELOPER,
      'arn:aws:s3:::media/teams/${aws:PrincipalTag/department}/*',
    )
    await setIdentityPoolRoles(worker, identityPoolId, { authenticated: teamsRole })
  }, 120_000)

  afterAll(async () => {
    await worker?.stop()
  })

  it('issues an OpenID token that openid-client and jose verify through discovery', async () => {
    const idToken = await signIn('alice')
    const Logins = { [provider()]: idToken }
    const cognito = publicIdentity()
    const { IdentityId } = await cognito.send(
      new GetIdCommand({ IdentityPoolId: identityPoolId, Logins }),
    )
    const { Token } = await cognito.send(
      new GetOpenIdTokenCommand({ IdentityId: IdentityId!, Logins }),
    )
    const issuer = `${worker.endpoint}/identity`
    const discovered = await openid.discovery(
      new URL(issuer),
      identityPoolId,
      undefined,
      undefined,
      {
        execute: [openid.allowInsecureRequests],
      },
    )
    const metadata = discovered.serverMetadata()
    expect(metadata.issuer).toBe(issuer)
    const { payload } = await jwtVerify(Token!, createRemoteJWKSet(new URL(metadata.jwks_uri!)), {
      issuer,
      audience: identityPoolId,
      algorithms: metadata.id_token_signing_alg_values_supported as string[],
    })
    expect(payload.sub).toBe(IdentityId)
    expect(payload.amr).toEqual([
      'authenticated',
      provider(),
      `${provider()}:CognitoSignIn:${decodeJwt(idToken).sub}`,
    ])
    expect(payload.exp! - payload.iat!).toBe(600)
  })

  it('trades the token with fromWebToken for credentials the S3 front honours', async () => {
    const Logins = { [provider()]: await signIn('bob') }
    const cognito = publicIdentity()
    const { IdentityId } = await cognito.send(
      new GetIdCommand({ IdentityPoolId: identityPoolId, Logins }),
    )
    const { Token } = await cognito.send(
      new GetOpenIdTokenCommand({ IdentityId: IdentityId!, Logins }),
    )
    const credentials = fromWebToken({
      roleArn: usersRole,
      webIdentityToken: Token!,
      roleSessionName: 'bob-app',
      clientConfig: stsConfig(),
    })
    expect((await credentials()).accessKeyId).toMatch(/^ASIA/)
    const me = await new STSClient({ ...stsConfig(), credentials }).send(
      new GetCallerIdentityCommand({}),
    )
    expect(me.Arn).toBe('arn:aws:sts::000000000000:assumed-role/classic-users/bob-app')
    const s3 = s3With(credentials)
    const key = `private/${IdentityId}/notes.txt`
    await s3.send(new PutObjectCommand({ Bucket: 'media', Key: key, Body: 'classic' }))
    const read = await s3.send(new GetObjectCommand({ Bucket: 'media', Key: key }))
    expect(await read.Body!.transformToString()).toBe('classic')
    const denied = await refusal(
      s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'private/someone-else/x', Body: 'x' })),
    )
    expect(denied.name).toBe('AccessDenied')
    expect(denied.message).toMatch(/assumed-role\/classic-users\/bob-app is not authorized/)
  })

  it('carries a developer’s principal tags through STS into the policy, and into the enhanced flow', async () => {
    const identity = new CognitoIdentityClient(adminConfig(worker))
    const { IdentityId, Token } = await identity.send(
      new GetOpenIdTokenForDeveloperIdentityCommand({
        IdentityPoolId: identityPoolId,
        Logins: { [DEVELOPER]: 'employee-42' },
        PrincipalTags: { department: 'sales' },
        TokenDuration: 3600,
      }),
    )
    const classic = s3With(
      fromWebToken({
        roleArn: teamsRole,
        webIdentityToken: Token!,
        roleSessionName: 'employee-42',
        clientConfig: stsConfig(),
      }),
    )
    await classic.send(
      new PutObjectCommand({ Bucket: 'media', Key: 'teams/sales/q3.txt', Body: 'up' }),
    )
    const denied = await refusal(
      classic.send(new PutObjectCommand({ Bucket: 'media', Key: 'teams/hr/q3.txt', Body: 'x' })),
    )
    expect(denied.name).toBe('AccessDenied')
    // The developer enhanced flow: the same token as the cognito-identity.amazonaws.com login.
    const enhanced = fromCognitoIdentity({
      identityId: IdentityId!,
      logins: { 'cognito-identity.amazonaws.com': Token! },
      clientConfig: { region: REGION, endpoint: worker.endpoint, maxAttempts: 1 },
    })
    expect((await enhanced()).identityId).toBe(IdentityId)
    expect((await enhanced()).accessKeyId).toMatch(/^ASIA/)
  })

  it('answers STS’s own errors: a tampered token, a pool without the classic flow', async () => {
    const client = new STSClient(stsConfig())
    const Logins = { [provider()]: await signIn('carol') }
    const cognito = publicIdentity()
    const { IdentityId } = await cognito.send(
      new GetIdCommand({ IdentityPoolId: closedPoolId, Logins }),
    )
    const { Token } = await cognito.send(
      new GetOpenIdTokenCommand({ IdentityId: IdentityId!, Logins }),
    )
    const rejected = await refusal(
      client.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: usersRole,
          RoleSessionName: 'carol',
          WebIdentityToken: Token!,
        }),
      ),
    )
    expect(rejected.name).toBe('IDPRejectedClaimException')
    expect(rejected.$metadata.httpStatusCode).toBe(403)
    const [header, payload] = Token!.split('.')
    const tampered = await refusal(
      client.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: usersRole,
          RoleSessionName: 'carol',
          WebIdentityToken: `${header}.${payload}.${'A'.repeat(86)}`,
        }),
      ),
    )
    expect(tampered.name).toBe('InvalidIdentityTokenException')
    expect(tampered.$metadata.httpStatusCode).toBe(400)
  })

  // Debian's AWS CLI v2 (CI installs it); skipped only on a machine without it.
  it.skipIf(!existsSync('/usr/bin/aws') && process.env.CI !== 'true')(
    'serves aws sts assume-role-with-web-identity --endpoint-url',
    async () => {
      const Logins = { [provider()]: await signIn('dave') }
      const cognito = publicIdentity()
      const { IdentityId } = await cognito.send(
        new GetIdCommand({ IdentityPoolId: identityPoolId, Logins }),
      )
      const { Token } = await cognito.send(
        new GetOpenIdTokenCommand({ IdentityId: IdentityId!, Logins }),
      )
      const { stdout } = await run(
        existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws',
        [
          'sts',
          'assume-role-with-web-identity',
          '--role-arn',
          usersRole,
          '--role-session-name',
          'cli',
          '--web-identity-token',
          Token!,
          '--endpoint-url',
          `${worker.endpoint}/sts/`,
          '--output',
          'json',
        ],
        {
          env: {
            ...process.env,
            AWS_REGION: REGION,
            AWS_PAGER: '',
            AWS_CONFIG_FILE: '/dev/null',
            AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          },
        },
      )
      const answer = JSON.parse(stdout) as {
        Credentials: { AccessKeyId: string }
        SubjectFromWebIdentityToken: string
        AssumedRoleUser: { Arn: string }
      }
      expect(answer.Credentials.AccessKeyId).toMatch(/^ASIA/)
      expect(answer.SubjectFromWebIdentityToken).toBe(IdentityId)
      expect(answer.AssumedRoleUser.Arn).toBe(
        'arn:aws:sts::000000000000:assumed-role/classic-users/cli',
      )
    },
  )
})
