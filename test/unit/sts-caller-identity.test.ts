import {
  GetCredentialsForIdentityCommand,
  SetIdentityPoolRolesCommand,
} from '@aws-sdk/client-cognito-identity'
import { ListRolesCommand } from '@aws-sdk/client-iam'
import {
  AssumeRoleWithWebIdentityCommand,
  type Credentials,
  GetCallerIdentityCommand,
} from '@aws-sdk/client-sts'
import { describe, expect, it } from 'vitest'
import { AUTH } from './support/app'
import { classicFlowSetup, poolTrust, refusal } from './support/classic-flow'
import { iamClient, stsClient } from './support/sdk'

type Setup = Awaited<ReturnType<typeof classicFlowSetup>>

const keysOf = (credentials: Credentials) => ({
  accessKeyId: credentials.AccessKeyId!,
  secretAccessKey: credentials.SecretAccessKey!,
  sessionToken: credentials.SessionToken!,
})

const callerAs = (t: Setup, credentials?: ReturnType<typeof keysOf>) =>
  stsClient(t.app, { endpoint: `${AUTH}/sts/`, ...(credentials ? { credentials } : {}) }).send(
    new GetCallerIdentityCommand({}),
  )

async function classicSession(t: Setup) {
  const roleArn = await t.role('classic-users', poolTrust(t.poolId, 'authenticated'))
  const alice = await t.user('alice')
  const answer = await t.sts.send(
    new AssumeRoleWithWebIdentityCommand({
      RoleArn: roleArn,
      RoleSessionName: 'alice-app',
      WebIdentityToken: alice.token,
    }),
  )
  return { alice, roleArn, answer }
}

describe('STS GetCallerIdentity', () => {
  it('names an admin key as the account', async () => {
    const t = await classicFlowSetup()
    expect(await callerAs(t)).toMatchObject({
      Account: '000000000000',
      UserId: '000000000000',
      Arn: 'arn:aws:iam::000000000000:root',
    })
  })

  it('names a classic-flow session by its role and session name', async () => {
    const t = await classicFlowSetup()
    const { answer } = await classicSession(t)
    const me = await callerAs(t, keysOf(answer.Credentials!))
    expect(me.Arn).toBe(answer.AssumedRoleUser!.Arn)
    expect(me.UserId).toBe(answer.AssumedRoleUser!.AssumedRoleId)
  })

  it('names an enhanced-flow session as Cognito does', async () => {
    const t = await classicFlowSetup()
    const roleArn = await t.role('app-users', poolTrust(t.poolId, 'authenticated'))
    await t.identity.send(
      new SetIdentityPoolRolesCommand({
        IdentityPoolId: t.poolId,
        Roles: { authenticated: roleArn },
      }),
    )
    const alice = await t.user('alice')
    const { Credentials } = await t.identity.send(
      new GetCredentialsForIdentityCommand({ IdentityId: alice.identityId, Logins: alice.logins }),
    )
    const me = await callerAs(t, {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretKey!,
      sessionToken: Credentials!.SessionToken!,
    })
    expect(me.Arn).toBe(
      'arn:aws:sts::000000000000:assumed-role/app-users/CognitoIdentityCredentials',
    )
  })

  it('refuses an expired session, a swapped token and no signature at all', async () => {
    const t = await classicFlowSetup()
    const { answer, alice, roleArn } = await classicSession(t)
    const other = await t.sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: roleArn,
        RoleSessionName: 'other',
        WebIdentityToken: alice.token,
      }),
    )
    const swapped = {
      ...keysOf(answer.Credentials!),
      sessionToken: other.Credentials!.SessionToken!,
    }
    expect(await refusal(callerAs(t, swapped))).toMatchObject({
      name: 'InvalidClientTokenId',
      status: 403,
    })
    const unsigned = await t.app.fetch(`${AUTH}/sts/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    })
    expect(unsigned.status).toBe(403)
    expect(await unsigned.text()).toContain('<Code>MissingAuthenticationToken</Code>')
    t.app.advance(3600_000)
    expect(await refusal(callerAs(t, keysOf(answer.Credentials!)))).toMatchObject({
      name: 'ExpiredToken',
      status: 403,
    })
  })

  it('still keeps IAM to the admin keys: a session’s signature is no IAM caller', async () => {
    const t = await classicFlowSetup()
    const { answer } = await classicSession(t)
    expect(
      await refusal(iamClient(t.app, keysOf(answer.Credentials!)).send(new ListRolesCommand({}))),
    ).toMatchObject({ name: 'InvalidClientTokenId', status: 403 })
  })
})
