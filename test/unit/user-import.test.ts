import { beforeEach, describe, expect, it } from 'vitest'
import { splitCsvLine } from '../../src/userpool/imports/csv-header'
import { importJobResults } from '../../src/userpool/imports/import-file'
import { importJobRecords, stopImportJob } from '../../src/userpool/imports/import-jobs'
import { ImportRowError, userFromRow } from '../../src/userpool/imports/import-row'
import { CHUNKS_PER_RUN, LEASE_MS } from '../../src/userpool/imports/import-run'
import { LINES_PER_CHUNK } from '../../src/userpool/imports/import-file'
import type { UserPoolConfig } from '../../src/userpool/model'
import { findPool } from '../../src/userpool/store/pool-repository'
import { testApp, type TestApp } from './support/app'
import { srpExchange } from './support/srp-client'

const ROLE = 'arn:aws:iam::123456789012:role/CognitoImportRole'
type Job = { JobId: string; Status: string; PreSignedUrl: string } & Record<string, unknown>

describe('import lines (Cognito CSV rules)', () => {
  it('splits on commas, reads \\, as a comma and trims values', () => {
    expect(splitCsvLine(' a , b\\,c ,,d')).toEqual(['a', 'b,c', '', 'd'])
  })

  const pool = (over: Partial<UserPoolConfig> = {}) =>
    ({
      Id: 'us-east-1_unit',
      MfaConfiguration: 'OFF',
      AutoVerifiedAttributes: ['email'],
      SchemaAttributes: [
        { Name: 'sub', AttributeDataType: 'String', Mutable: false, Required: true },
        { Name: 'email', AttributeDataType: 'String', Mutable: true, Required: false },
        { Name: 'email_verified', AttributeDataType: 'Boolean', Mutable: true, Required: false },
        { Name: 'phone_number', AttributeDataType: 'String', Mutable: true, Required: false },
        {
          Name: 'phone_number_verified',
          AttributeDataType: 'Boolean',
          Mutable: true,
          Required: false,
        },
        { Name: 'birthdate', AttributeDataType: 'String', Mutable: true, Required: false },
      ],
      ...over,
    }) as unknown as UserPoolConfig
  const header = [
    'cognito:username',
    'email',
    'email_verified',
    'phone_number',
    'phone_number_verified',
    'birthdate',
    'cognito:mfa_enabled',
  ]
  const row = (values: string[], p = pool()) => userFromRow(p, header, values, 0)

  it('makes a RESET_REQUIRED user with no password', () => {
    const user = row(['ann', 'ann@example.com', 'TRUE', '', '', '12/31/1990', 'false'])
    expect(user).toMatchObject({ username: 'ann', status: 'RESET_REQUIRED' })
    expect(user.passwordHash).toBeUndefined()
    expect(user.attributes).toEqual({
      email: 'ann@example.com',
      email_verified: 'true',
      birthdate: '1990-12-31',
    })
  })

  it('fails lines as Cognito does', () => {
    const fails = (values: string[], message: RegExp, p = pool()) =>
      expect(() => row(values, p)).toThrowError(new RegExp(message.source))
    fails(['ann', 'ann@example.com', 'false', '', '', '', 'false'], /auto verified attributes/)
    fails(['a b', 'ann@example.com', 'true', '', '', '', 'false'], /spaces or tabs/)
    fails(['ann', 'ann@example.com', 'true', '', '', '', ''], /mfa_enabled/)
    fails(['ann', 'ann@example.com', 'true', '', '', '', 'true'], /MFA is off/)
    fails(
      ['ann', 'ann@example.com', 'true', '', '', '', 'false'],
      /MFA is required/,
      pool({ MfaConfiguration: 'ON' }),
    )
    fails(['ann', '', 'true', '', '', '', 'false'], /email value is missing/)
    fails(['ann', 'ann@example.com', 'true', '', '', '1990-12-31', 'false'], /mm\/dd\/yyyy/)
    fails(['ann', 'ann@example.com', 'true'], /has 3 values/)
    // A pool that auto-verifies one attribute needs that one verified.
    fails(['ann', '', '', '+15555550100', 'true', '', 'false'], /auto verified attributes/)
    expect(() => row(['ann', 'not-an-email', 'true', '', '', '', 'false'])).toThrow(ImportRowError)
    // With both auto-verified, either one is enough.
    const both = pool({ AutoVerifiedAttributes: ['email', 'phone_number'] })
    expect(
      row(['ann', '', '', '+15555550100', 'true', '', 'false'], both).attributes.phone_number,
    ).toBe('+15555550100')
  })
})

describe('user import jobs on memory stores', () => {
  let app: TestApp
  let poolId: string
  let header: string[]

  beforeEach(async () => {
    app = testApp()
    poolId = (
      (
        await app.admin('CreateUserPool', {
          PoolName: 'imports',
          AutoVerifiedAttributes: ['email'],
        })
      ).UserPool as { Id: string }
    ).Id
    header = (await app.admin('GetCSVHeader', { UserPoolId: poolId })).CSVHeader as string[]
  })

  const create = async (name = 'job') =>
    (
      await app.admin('CreateUserImportJob', {
        UserPoolId: poolId,
        JobName: name,
        CloudWatchLogsRoleArn: ROLE,
      })
    ).UserImportJob as Job
  const describeJob = async (jobId: string) =>
    (await app.admin('DescribeUserImportJob', { UserPoolId: poolId, JobId: jobId }))
      .UserImportJob as Job
  const csv = (count: number, bad: (i: number) => boolean = () => false) =>
    [
      header.join(','),
      ...Array.from({ length: count }, (_, i) =>
        header
          .map((column) =>
            column === 'cognito:username'
              ? `user${i}`
              : column === 'email'
                ? `user${i}@example.com`
                : column === 'email_verified'
                  ? bad(i)
                    ? 'false'
                    : 'true'
                  : column === 'cognito:mfa_enabled'
                    ? 'false'
                    : '',
          )
          .join(','),
      ),
    ].join('\n')
  const put = (url: string, body: string) => app.fetch(url, { method: 'PUT', body })

  it('imports a large file run by run, each run a bounded number of chunks', async () => {
    const rows = LINES_PER_CHUNK * CHUNKS_PER_RUN + 50
    const job = await create()
    expect(
      (
        await put(
          job.PreSignedUrl,
          csv(rows, (i) => i % 100 === 7),
        )
      ).status,
    ).toBe(200)
    await app.admin('StartUserImportJob', { UserPoolId: poolId, JobId: job.JobId })
    await app.settled()
    const first = await describeJob(job.JobId)
    expect(first.Status).toBe('InProgress')
    expect(Number(first.ImportedUsers) + Number(first.FailedUsers)).toBe(
      LINES_PER_CHUNK * CHUNKS_PER_RUN,
    )
    // That look started the next run.
    await app.settled()
    const done = await describeJob(job.JobId)
    expect(done).toMatchObject({
      Status: 'Succeeded',
      FailedUsers: 11,
      ImportedUsers: rows - 11,
      SkippedUsers: 0,
    })
    const log = await importJobResults(app.runtime.services, poolId, job.JobId, 5)
    expect(log.results[0]).toEqual({
      line: 9,
      result: 'FAILED',
      message: expect.stringMatching(/auto verified attributes/),
    })
    expect(log.next).toBeDefined()
  })

  it('asks an imported user for a reset whatever the password, by password or SRP', async () => {
    const job = await create()
    await put(job.PreSignedUrl, csv(1))
    await app.admin('StartUserImportJob', { UserPoolId: poolId, JobId: job.JobId })
    await app.settled()
    const client = (
      await app.admin('CreateUserPoolClient', {
        UserPoolId: poolId,
        ClientName: 'app',
        ExplicitAuthFlows: [
          'ALLOW_USER_PASSWORD_AUTH',
          'ALLOW_USER_SRP_AUTH',
          'ALLOW_REFRESH_TOKEN_AUTH',
        ],
      })
    ).UserPoolClient as { ClientId: string }
    const byPassword = await app.call('InitiateAuth', {
      ClientId: client.ClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'user0', PASSWORD: 'Any-password-1' },
    })
    expect(((await byPassword.json()) as { __type: string }).__type).toBe(
      'PasswordResetRequiredException',
    )
    const exchange = await srpExchange(poolId.split('_')[1]!)
    const started = (await (
      await app.call('InitiateAuth', {
        ClientId: client.ClientId,
        AuthFlow: 'USER_SRP_AUTH',
        AuthParameters: { USERNAME: 'user0', SRP_A: exchange.A },
      })
    ).json()) as { ChallengeParameters: Record<string, string> }
    const answered = await app.call('RespondToAuthChallenge', {
      ClientId: client.ClientId,
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: await exchange.claim(
        started.ChallengeParameters,
        started.ChallengeParameters.USER_ID_FOR_SRP!,
        'Any-password-1',
      ),
    })
    expect(((await answered.json()) as { __type: string }).__type).toBe(
      'PasswordResetRequiredException',
    )
  })

  it('fails a job whose header does not fit the pool', async () => {
    const job = await create()
    await put(job.PreSignedUrl, 'cognito:username,cognito:mfa_enabled,shoe_size\nann,false,44')
    await app.admin('StartUserImportJob', { UserPoolId: poolId, JobId: job.JobId })
    await app.settled()
    const done = await describeJob(job.JobId)
    expect(done.Status).toBe('Failed')
    expect(done.CompletionMessage).toMatch(/shoe_size/)
  })

  it('lets one job of a pool be active at a time, and stops a running one', async () => {
    const first = await create('first')
    await put(first.PreSignedUrl, csv(3))
    const second = await create('second')
    await put(second.PreSignedUrl, csv(3))
    // A run holds the first job (as one would, mid-file).
    const services = app.runtime.services
    await importJobRecords.replace(services, poolId, first.JobId, (job) => ({
      ...job,
      status: 'InProgress',
      leaseUntil: app.now() + LEASE_MS,
    }))
    await expect(
      app.admin('StartUserImportJob', { UserPoolId: poolId, JobId: second.JobId }),
    ).rejects.toThrow(/LimitExceededException/)
    const stopping = await stopImportJob(services, poolId, first.JobId)
    expect(stopping.status).toBe('Stopping')
    // The run went away: once its lease lapses the job reads Stopped, and the pool is free again.
    app.advance(LEASE_MS)
    expect((await describeJob(first.JobId)).Status).toBe('Stopped')
    const started = (
      await app.admin('StartUserImportJob', { UserPoolId: poolId, JobId: second.JobId })
    ).UserImportJob as Job
    expect(started.Status).toBe('Pending')
  })

  it('expires an upload URL after 15 minutes and an unstarted job after 24 hours', async () => {
    const job = await create()
    app.advance(15 * 60_000)
    const late = await put(job.PreSignedUrl, csv(1))
    expect(late.status).toBe(403)
    expect(await late.text()).toContain('Request has expired')
    app.advance(24 * 3_600_000)
    expect((await describeJob(job.JobId)).Status).toBe('Expired')
    await expect(
      app.admin('StartUserImportJob', { UserPoolId: poolId, JobId: job.JobId }),
    ).rejects.toThrow(/PreconditionNotMetException/)
  })

  it('will not start in a pool without auto-verified attributes', async () => {
    const bare = (
      (await app.admin('CreateUserPool', { PoolName: 'bare' })).UserPool as { Id: string }
    ).Id
    const job = (
      await app.admin('CreateUserImportJob', {
        UserPoolId: bare,
        JobName: 'j',
        CloudWatchLogsRoleArn: ROLE,
      })
    ).UserImportJob as Job
    expect(await findPool(app.runtime.services, bare)).not.toBeNull()
    await expect(
      app.admin('StartUserImportJob', { UserPoolId: bare, JobId: job.JobId }),
    ).rejects.toThrow(/auto-verified/)
  })
})
