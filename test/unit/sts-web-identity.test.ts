import {
  DeleteIdentitiesCommand,
  GetOpenIdTokenForDeveloperIdentityCommand,
} from '@aws-sdk/client-cognito-identity'
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import {
  AssumeRoleWithWebIdentityCommand,
  type AssumeRoleWithWebIdentityCommandInput,
} from '@aws-sdk/client-sts'
import { SignJWT, decodeJwt, decodeProtectedHeader, generateKeyPair } from 'jose'
import { describe, expect, it } from 'vitest'
import { openSessionCredentials } from '../../src/iam/sessions/session-credentials'
import { AUTH } from './support/app'
import {
  BUCKET_POLICY,
  classicFlowSetup,
  DEVELOPER,
  poolTrust,
  refusal,
} from './support/classic-flow'

type Setup = Awaited<ReturnType<typeof classicFlowSetup>>

const assume = (t: Setup, input: Partial<AssumeRoleWithWebIdentityCommandInput>) =>
  t.sts.send(
    new AssumeRoleWithWebIdentityCommand({
      RoleArn: '',
      RoleSessionName: 'app-session',
      WebIdentityToken: '',
      ...input,
    }),
  )

const s3Of = (
  t: Setup,
  credentials: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string },
) =>
  t.s3({
    accessKeyId: credentials.AccessKeyId!,
    secretAccessKey: credentials.SecretAccessKey!,
    sessionToken: credentials.SessionToken!,
  })

/** A token with the same claims and `kid`, signed by a key that is not the Worker's. */
async function resigned(token: string, alg: 'ES256' | 'RS256' = 'ES256'): Promise<string> {
  const { privateKey } = await generateKeyPair(alg)
  return new SignJWT(decodeJwt(token))
    .setProtectedHeader({ alg, kid: decodeProtectedHeader(token).kid! })
    .sign(privateKey)
}

describe('STS AssumeRoleWithWebIdentity with an identity pool token (the classic flow)', () => {
  it('vends role credentials for a signed-in user’s token, usable on the S3 front', async () => {
    const t = await classicFlowSetup()
    const roleArn = await t.role('classic-users', poolTrust(t.poolId, 'authenticated'))
    const alice = await t.user('alice')
    const answer = await assume(t, {
      RoleArn: roleArn,
      RoleSessionName: 'alice-app',
      WebIdentityToken: alice.token,
    })
    expect(answer.SubjectFromWebIdentityToken).toBe(alice.identityId)
    expect(answer.Audience).toBe(t.poolId)
    expect(answer.Provider).toBe(`${AUTH}/identity`)
    expect(answer.PackedPolicySize).toBeUndefined()
    expect(answer.AssumedRoleUser?.Arn).toBe(
      'arn:aws:sts::000000000000:assumed-role/classic-users/alice-app',
    )
    expect(answer.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:alice-app$/)
    const credentials = answer.Credentials!
    expect(credentials.AccessKeyId).toMatch(/^ASIA/)
    expect(credentials.Expiration!.getTime()).toBe(t.app.now() + 3600_000)
    const opened = await openSessionCredentials(
      t.app.runtime.services.sealer,
      credentials.AccessKeyId!,
      credentials.SessionToken!,
      Math.floor(t.app.now() / 1000),
    )
    expect(opened).toMatchObject({
      claims: {
        roleArn,
        identityId: alice.identityId,
        identityPoolId: t.poolId,
        aud: t.poolId,
        amr: [
          'authenticated',
          t.users.provider,
          `${t.users.provider}:CognitoSignIn:${decodeJwt(alice.logins[t.users.provider]!).sub}`,
        ],
        sessionName: 'alice-app',
      },
    })
    const s3 = s3Of(t, credentials)
    await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'a.txt', Body: 'hello' }))
    const read = await s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'a.txt' }))
    expect(await read.Body!.transformToString()).toBe('hello')
  })

  it('answers on the root path too, as IAM does, told apart by Version', async () => {
    const t = await classicFlowSetup()
    const roleArn = await t.role('classic-users', poolTrust(t.poolId, 'authenticated'))
    const answer = await t.stsAtRoot.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: roleArn,
        RoleSessionName: 'root-path',
        WebIdentityToken: (await t.user('alice')).token,
      }),
    )
    expect(answer.Credentials?.AccessKeyId).toMatch(/^ASIA/)
  })

  it('gives a guest’s token only a role that trusts guests', async () => {
    const t = await classicFlowSetup()
    const users = await t.role('classic-users', poolTrust(t.poolId, 'authenticated'))
    const guests = await t.role('classic-guests', poolTrust(t.poolId, 'unauthenticated'))
    const guest = await t.guest()
    expect(decodeJwt(guest.token).amr).toEqual(['unauthenticated'])
    expect(await refusal(assume(t, { RoleArn: users, WebIdentityToken: guest.token }))).toEqual({
      name: 'AccessDenied',
      status: 403,
      message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
    })
    const answer = await assume(t, { RoleArn: guests, WebIdentityToken: guest.token })
    expect(answer.SubjectFromWebIdentityToken).toBe(guest.identityId)
  })

  it('refuses a token whose claims were changed, or that another key signed', async () => {
    const t = await classicFlowSetup()
    const roleArn = await t.role('classic-users', poolTrust(t.poolId, 'authenticated'))
    const alice = await t.user('alice')
    const bob = await t.user('bob')
    const [header, , signature] = alice.token.split('.')
    const bobsClaims =
      alice.token.split('.')[1] === bob.token.split('.')[1] ? '' : bob.token.split('.')[1]
    const spliced = [header, bobsClaims, signature].join('.')
    const noneAlg = [
      Buffer.from(
        JSON.stringify({ alg: 'none', kid: decodeProtectedHeader(alice.token).kid }),
      ).toString('base64url'),
      alice.token.split('.')[1],
      '',
    ].join('.')
    for (const token of [
      spliced,
      await resigned(alice.token),
      await resigned(alice.token, 'RS256'),
      noneAlg,
      'not.a.jwt',
    ])
      expect(await refusal(assume(t, { RoleArn: roleArn, WebIdentityToken: token }))).toMatchObject(
        { name: 'InvalidIdentityTokenException', status: 400 },
      )
  })

  it('refuses an expired token with ExpiredTokenException', async () => {
    const t = await classicFlowSetup()
    const roleArn = await t.role('classic-users', poolTrust(t.poolId, 'authenticated'))
    const alice = await t.user('alice')
    t.app.advance(601_000)
    expect(
      await refusal(assume(t, { RoleArn: roleArn, WebIdentityToken: alice.token })),
    ).toMatchObject({ name: 'ExpiredTokenException', status: 400 })
  })

  it('refuses a token for another pool than the one the role trusts', async () => {
    const t = await classicFlowSetup()
    const other = await t.newPool('other', true)
    const roleArn = await t.role('classic-users', poolTrust(t.poolId, 'authenticated'))
    const outsider = await t.user('alice', other)
    expect(
      await refusal(assume(t, { RoleArn: roleArn, WebIdentityToken: outsider.token })),
    ).toMatchObject({ name: 'AccessDenied', status: 403 })
  })

  it('refuses every token of a pool that does not allow the classic flow', async () => {
    const t = await classicFlowSetup({ allowClassicFlow: false })
    const roleArn = await t.role('classic-users', poolTrust(t.poolId, 'authenticated'))
    const alice = await t.user('alice')
    const refused = await refusal(assume(t, { RoleArn: roleArn, WebIdentityToken: alice.token }))
    expect(refused).toMatchObject({ name: 'IDPRejectedClaimException', status: 403 })
    expect(refused.message).toMatch(/Basic \(classic\) flow is not enabled/)
  })

  it('refuses the token of an identity deleted since', async () => {
    const t = await classicFlowSetup()
    const roleArn = await t.role('classic-users', poolTrust(t.poolId, 'authenticated'))
    const alice = await t.user('alice')
    await t.identity.send(new DeleteIdentitiesCommand({ IdentityIdsToDelete: [alice.identityId] }))
    expect(
      await refusal(assume(t, { RoleArn: roleArn, WebIdentityToken: alice.token })),
    ).toMatchObject({ name: 'IDPRejectedClaimException', status: 403 })
  })

  it('refuses a role that does not exist or does not trust the pool’s identities', async () => {
    const t = await classicFlowSetup()
    const alice = await t.user('alice')
    const service = await t.role(
      'lambda-only',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'lambda.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        ],
      }),
    )
    const facebookOnly = await t.role('facebook-only', poolTrust(t.poolId, 'graph.facebook.com'))
    for (const roleArn of [
      service,
      facebookOnly,
      'arn:aws:iam::000000000000:role/no-such-role',
      'arn:aws:iam::123456789012:role/classic-users',
    ])
      expect(await refusal(assume(t, { RoleArn: roleArn, WebIdentityToken: alice.token }))).toEqual(
        {
          name: 'AccessDenied',
          status: 403,
          message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
        },
      )
  })

  it('checks RoleSessionName and DurationSeconds as the model and the role say', async () => {
    const t = await classicFlowSetup()
    const roleArn = await t.role('classic-users', poolTrust(t.poolId, 'authenticated'))
    const longer = await t.role(
      'long-sessions',
      poolTrust(t.poolId, 'authenticated'),
      BUCKET_POLICY,
      7200,
    )
    const { token } = await t.user('alice')
    for (const RoleSessionName of ['a', 'has space', 'x'.repeat(65), 'slash/name'])
      expect(
        await refusal(assume(t, { RoleArn: roleArn, WebIdentityToken: token, RoleSessionName })),
      ).toMatchObject({ name: 'ValidationError', status: 400 })
    for (const DurationSeconds of [899, 43201, 7200])
      expect(
        await refusal(assume(t, { RoleArn: roleArn, WebIdentityToken: token, DurationSeconds })),
      ).toMatchObject({ name: 'ValidationError', status: 400 })
    const answer = await assume(t, {
      RoleArn: longer,
      WebIdentityToken: token,
      DurationSeconds: 7200,
    })
    expect(answer.Credentials!.Expiration!.getTime()).toBe(t.app.now() + 7200_000)
    const short = await assume(t, {
      RoleArn: roleArn,
      WebIdentityToken: token,
      DurationSeconds: 900,
    })
    expect(short.Credentials!.Expiration!.getTime()).toBe(t.app.now() + 900_000)
  })

  it('refuses a malformed session policy and refuses PolicyArns rather than drop them', async () => {
    const t = await classicFlowSetup()
    const roleArn = await t.role('classic-users', poolTrust(t.poolId, 'authenticated'))
    const { token } = await t.user('alice')
    for (const Policy of [
      '{not json',
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*' }] }),
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Maybe', Action: 's3:*', Resource: '*' }],
      }),
    ])
      expect(
        await refusal(assume(t, { RoleArn: roleArn, WebIdentityToken: token, Policy })),
      ).toMatchObject({ name: 'MalformedPolicyDocumentException', status: 400 })
    expect(
      await refusal(
        assume(t, {
          RoleArn: roleArn,
          WebIdentityToken: token,
          PolicyArns: [{ arn: 'arn:aws:iam::000000000000:policy/readers' }],
        }),
      ),
    ).toMatchObject({ name: 'ValidationError', status: 400 })
  })

  it('narrows the session to what both the role and the session policy allow', async () => {
    const t = await classicFlowSetup()
    const roleArn = await t.role('classic-users', poolTrust(t.poolId, 'authenticated'))
    const { token } = await t.user('alice')
    const Policy = JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::media/public/*' },
        ],
      },
      null,
      2,
    )
    const full = s3Of(
      t,
      (await assume(t, { RoleArn: roleArn, WebIdentityToken: token })).Credentials!,
    )
    await full.send(new PutObjectCommand({ Bucket: 'media', Key: 'public/a.txt', Body: 'a' }))
    await full.send(new PutObjectCommand({ Bucket: 'media', Key: 'private/b.txt', Body: 'b' }))
    const answer = await assume(t, {
      RoleArn: roleArn,
      WebIdentityToken: token,
      RoleSessionName: 'read-only',
      Policy,
    })
    expect(answer.PackedPolicySize).toBeGreaterThan(0)
    const narrow = s3Of(t, answer.Credentials!)
    const read = await narrow.send(new GetObjectCommand({ Bucket: 'media', Key: 'public/a.txt' }))
    expect(await read.Body!.transformToString()).toBe('a')
    const denied = await refusal(
      narrow.send(new GetObjectCommand({ Bucket: 'media', Key: 'private/b.txt' })),
    )
    expect(denied).toMatchObject({ name: 'AccessDenied', status: 403 })
    expect(denied.message).toMatch(/assumed-role\/classic-users\/read-only is not authorized/)
    expect(
      await refusal(
        narrow.send(new PutObjectCommand({ Bucket: 'media', Key: 'public/c.txt', Body: 'c' })),
      ),
    ).toMatchObject({ name: 'AccessDenied', status: 403 })
  })

  it('answers errors in STS’s XML envelope, unsigned requests included', async () => {
    const t = await classicFlowSetup()
    const form = new URLSearchParams({
      Action: 'AssumeRoleWithWebIdentity',
      Version: '2011-06-15',
      RoleArn: 'arn:aws:iam::000000000000:role/anything',
      RoleSessionName: 'raw',
      WebIdentityToken: 'garbage-token',
    })
    for (const path of ['/sts/', '/']) {
      const response = await t.app.fetch(`${AUTH}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: form.toString(),
      })
      expect(response.status).toBe(400)
      const body = await response.text()
      expect(body).toContain('<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">')
      expect(body).toContain('<Type>Sender</Type><Code>InvalidIdentityToken</Code>')
      expect(body).toMatch(/<RequestId>[\w-]+<\/RequestId>/)
    }
  })
})

describe('the developer basic flow: STS with the developer token', () => {
  it('carries the token’s principal tags into the role session', async () => {
    const t = await classicFlowSetup()
    const roleArn = await t.role('developer-users', poolTrust(t.poolId, DEVELOPER))
    const { IdentityId, Token } = await t.identity.send(
      new GetOpenIdTokenForDeveloperIdentityCommand({
        IdentityPoolId: t.poolId,
        Logins: { [DEVELOPER]: 'user-1' },
        PrincipalTags: { department: 'sales' },
      }),
    )
    const answer = await t.sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: roleArn,
        RoleSessionName: 'backend',
        WebIdentityToken: Token!,
      }),
    )
    expect(answer.SubjectFromWebIdentityToken).toBe(IdentityId)
    expect(answer.PackedPolicySize).toBeGreaterThan(0)
    const opened = await openSessionCredentials(
      t.app.runtime.services.sealer,
      answer.Credentials!.AccessKeyId!,
      answer.Credentials!.SessionToken!,
      Math.floor(t.app.now() / 1000),
    )
    expect(opened).toMatchObject({
      claims: {
        tags: { department: 'sales' },
        sessionName: 'backend',
        amr: ['authenticated', DEVELOPER],
      },
    })
  })
})
