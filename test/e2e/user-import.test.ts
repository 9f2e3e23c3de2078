import {
  CreateUserImportJobCommand,
  DescribeUserImportJobCommand,
  GetCSVHeaderCommand,
  InitiateAuthCommand,
  ListUserImportJobsCommand,
  AdminGetUserCommand,
  AdminCreateUserCommand,
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
  StartUserImportJobCommand,
  StopUserImportJobCommand,
  type UserImportJobType,
} from '@aws-sdk/client-cognito-identity-provider'
import { request } from 'node:http'
import { beforeAll, describe, expect, it } from 'vitest'
import { adminClient, createAppClient, createPool, outbox } from './support/clients'

const ROLE = 'arn:aws:iam::123456789012:role/CognitoImportRole'

/** A CSV line for the pool's header: `values` by column, the rest empty. */
const lineFor = (header: string[], values: Record<string, string>) =>
  header.map((name) => values[name] ?? '').join(',')

/** PUT with a plain fetch, as the guide's `curl -T` does. */
const upload = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'PUT',
    headers: { 'x-amz-server-side-encryption': 'aws:kms', ...headers },
    body,
  })

async function waitFor(poolId: string, jobId: string, done: (job: UserImportJobType) => boolean) {
  // Each look at the job also starts its next run; no timing is assumed, only a bound on looks.
  for (let look = 0; look < 600; look++) {
    const { UserImportJob: job } = await adminClient().send(
      new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }),
    )
    if (done(job!)) return job!
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`import job ${jobId} did not finish`)
}

describe('user import jobs (CSV through a presigned URL)', () => {
  let poolId: string
  let clientId: string
  let header: string[]

  beforeAll(async () => {
    poolId = await createPool({ AutoVerifiedAttributes: ['email'] })
    clientId = (await createAppClient(poolId)).clientId
    header = (await adminClient().send(new GetCSVHeaderCommand({ UserPoolId: poolId }))).CSVHeader!
  })

  it("GetCSVHeader lists the pool's attributes and Cognito's two columns", async () => {
    expect(header).toContain('email')
    expect(header).toContain('email_verified')
    expect(header.slice(-2)).toEqual(['cognito:mfa_enabled', 'cognito:username'])
    expect(header).not.toContain('sub')
    await expect(
      adminClient().send(new GetCSVHeaderCommand({ UserPoolId: 'us-east-1_nosuchpool' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
  })

  it('imports good rows, counts bad and existing ones, and the users reset their passwords', async () => {
    await adminClient().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'already',
        MessageAction: 'SUPPRESS',
      }),
    )
    const created = await adminClient().send(
      new CreateUserImportJobCommand({
        UserPoolId: poolId,
        JobName: 'first-import',
        CloudWatchLogsRoleArn: ROLE,
      }),
    )
    const job = created.UserImportJob!
    expect(job).toMatchObject({ Status: 'Created', JobName: 'first-import', ImportedUsers: 0 })
    expect(job.JobId).toMatch(/^import-[0-9a-zA-Z-]+$/)
    expect(job.CreationDate).toBeInstanceOf(Date)
    const ok = { 'cognito:mfa_enabled': 'FALSE', email_verified: 'TRUE' }
    const csv = [
      header.join(','),
      lineFor(header, {
        ...ok,
        'cognito:username': 'imported1',
        email: 'imported1@example.com',
        name: 'Doe\\, Jane',
      }),
      lineFor(header, {
        ...ok,
        'cognito:username': 'imported2',
        email: 'imported2@example.com',
        birthdate: '02/01/1985',
      }),
      lineFor(header, {
        'cognito:mfa_enabled': 'FALSE',
        'cognito:username': 'unverified',
        email: 'u@example.com',
      }),
      lineFor(header, {
        ...ok,
        'cognito:username': 'badmfa',
        email: 'b@example.com',
        'cognito:mfa_enabled': 'maybe',
      }),
      lineFor(header, { ...ok, 'cognito:username': 'already', email: 'already@example.com' }),
      'too,few,columns',
      '',
    ].join('\r\n')
    const put = await upload(job.PreSignedUrl!, csv)
    expect(put.status).toBe(200)

    const started = await adminClient().send(
      new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }),
    )
    expect(started.UserImportJob?.Status).toBe('Pending')
    expect(started.UserImportJob?.StartDate).toBeInstanceOf(Date)
    // A job runs once.
    await expect(
      adminClient().send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId })),
    ).rejects.toMatchObject({ name: 'PreconditionNotMetException' })

    const done = await waitFor(poolId, job.JobId!, (j) => j.Status === 'Succeeded')
    expect(done).toMatchObject({ ImportedUsers: 2, SkippedUsers: 1, FailedUsers: 3 })
    expect(done.CompletionMessage).toBe('Import Job Completed Successfully.')
    expect(done.CompletionDate).toBeInstanceOf(Date)

    const user = await adminClient().send(
      new AdminGetUserCommand({ UserPoolId: poolId, Username: 'imported1' }),
    )
    expect(user.UserStatus).toBe('RESET_REQUIRED')
    const attributes = Object.fromEntries(user.UserAttributes!.map((a) => [a.Name, a.Value]))
    expect(attributes).toMatchObject({
      email: 'imported1@example.com',
      email_verified: 'true',
      name: 'Doe, Jane',
    })
    const second = await adminClient().send(
      new AdminGetUserCommand({ UserPoolId: poolId, Username: 'imported2' }),
    )
    expect(second.UserAttributes?.find((a) => a.Name === 'birthdate')?.Value).toBe('1985-02-01')

    // The imported user must reset: ForgotPassword → code by email → ConfirmForgotPassword → sign in.
    await expect(
      adminClient().send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'imported1', PASSWORD: 'Whatever-1-pass' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'PasswordResetRequiredException' })
    const forgot = await adminClient().send(
      new ForgotPasswordCommand({ ClientId: clientId, Username: 'imported1' }),
    )
    expect(forgot.CodeDeliveryDetails?.DeliveryMedium).toBe('EMAIL')
    const message = (await outbox(poolId))
      .filter((m) => m.username === 'imported1' && m.purpose === 'FORGOT_PASSWORD')
      .pop()!
    await adminClient().send(
      new ConfirmForgotPasswordCommand({
        ClientId: clientId,
        Username: 'imported1',
        ConfirmationCode: message.code!,
        Password: 'Imported-user-42!',
      }),
    )
    const signedIn = await adminClient().send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'imported1', PASSWORD: 'Imported-user-42!' },
      }),
    )
    expect(signedIn.AuthenticationResult?.AccessToken).toBeTruthy()

    // Once the job has left Created its URL takes no more files.
    const again = await upload(job.PreSignedUrl!, csv)
    expect(again.status).toBe(403)
    expect(await again.text()).toContain('<Code>AccessDenied</Code>')
  })

  it('lists jobs newest first, and refuses bad input with typed errors', async () => {
    const a = await adminClient().send(
      new CreateUserImportJobCommand({
        UserPoolId: poolId,
        JobName: 'a',
        CloudWatchLogsRoleArn: ROLE,
      }),
    )
    const b = await adminClient().send(
      new CreateUserImportJobCommand({
        UserPoolId: poolId,
        JobName: 'b',
        CloudWatchLogsRoleArn: ROLE,
      }),
    )
    const listed = await adminClient().send(
      new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 2 }),
    )
    expect(listed.UserImportJobs?.map((j) => j.JobId)).toEqual([
      b.UserImportJob!.JobId,
      a.UserImportJob!.JobId,
    ])
    expect(listed.PaginationToken).toBeTruthy()
    const rest = await adminClient().send(
      new ListUserImportJobsCommand({
        UserPoolId: poolId,
        MaxResults: 10,
        PaginationToken: listed.PaginationToken!,
      }),
    )
    expect(rest.UserImportJobs!.length).toBeGreaterThanOrEqual(1)

    await expect(
      adminClient().send(
        new CreateUserImportJobCommand({
          UserPoolId: poolId,
          JobName: 'x',
          CloudWatchLogsRoleArn: 'not-an-arn-but-long-enough',
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(
      adminClient().send(
        new CreateUserImportJobCommand({
          UserPoolId: poolId,
          CloudWatchLogsRoleArn: ROLE,
        } as never),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(
      adminClient().send(
        new CreateUserImportJobCommand({
          UserPoolId: poolId,
          JobName: 42,
          CloudWatchLogsRoleArn: ROLE,
        } as never),
      ),
    ).rejects.toMatchObject({ name: 'SerializationException' })
    await expect(
      adminClient().send(
        new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: 'import-doesnotexist' }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
    // Only a running job can be stopped.
    await expect(
      adminClient().send(
        new StopUserImportJobCommand({ UserPoolId: poolId, JobId: a.UserImportJob!.JobId }),
      ),
    ).rejects.toMatchObject({ name: 'PreconditionNotMetException' })
    // A job started before its file arrived fails, as Cognito fails a file it cannot read.
    const started = await adminClient().send(
      new StartUserImportJobCommand({ UserPoolId: poolId, JobId: a.UserImportJob!.JobId }),
    )
    expect(started.UserImportJob).toMatchObject({ Status: 'Failed' })
    expect(started.UserImportJob?.CompletionMessage).toMatch(/not uploaded/)
  })

  it('refuses tampered, forged and oversized uploads', async () => {
    const { UserImportJob: job } = await adminClient().send(
      new CreateUserImportJobCommand({
        UserPoolId: poolId,
        JobName: 'attacks',
        CloudWatchLogsRoleArn: ROLE,
      }),
    )
    const url = new URL(job!.PreSignedUrl!)
    expect(url.searchParams.get('X-Portcullis-Signature')).toBeTruthy()

    const tampered = new URL(url)
    const signature = url.searchParams.get('X-Portcullis-Signature')!
    tampered.searchParams.set(
      'X-Portcullis-Signature',
      (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1),
    )
    const bad = await upload(tampered.href, 'x')
    expect(bad.status).toBe(403)
    expect(await bad.text()).toContain('<Code>SignatureDoesNotMatch</Code>')

    // A later expiry is not signed: the URL cannot be stretched.
    const stretched = new URL(url)
    stretched.searchParams.set(
      'X-Portcullis-Expires',
      String(Number(url.searchParams.get('X-Portcullis-Expires')) + 86_400_000),
    )
    expect((await upload(stretched.href, 'x')).status).toBe(403)

    // Another job's path with this job's signature.
    const other = new URL(url)
    other.pathname = other.pathname.replace(job!.JobId!, 'import-someoneelse')
    expect((await upload(other.href, 'x')).status).toBe(403)

    const noSignature = new URL(url)
    noSignature.search = ''
    expect((await upload(noSignature.href, 'x')).status).toBe(403)

    const wrongEncryption = await upload(url.href, 'x', {
      'x-amz-server-side-encryption': 'rot13',
    })
    expect(wrongEncryption.status).toBe(400)
    expect(await wrongEncryption.text()).toContain('<Code>InvalidArgument</Code>')

    // A file declared larger than Cognito's 100 MB is refused before its body is read.
    const huge = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'PUT',
          headers: { 'content-length': String(200 * 1024 * 1024), 'content-type': 'text/csv' },
        },
        (res) => {
          let body = ''
          res.on('data', (d) => {
            body += d
          })
          res.on('end', () => {
            resolve({ status: res.statusCode!, body })
            req.destroy()
          })
        },
      )
      req.on('error', (error) => {
        // The server may close the connection once it has answered.
        if (!('code' in error && error.code === 'ECONNRESET')) reject(error)
      })
      req.write('cognito:username\n')
    })
    expect(huge.status).toBe(400)
    expect(huge.body).toContain('<Code>EntityTooLarge</Code>')

    // Nothing of the above left a file: starting the job fails it for want of one.
    const started = await adminClient().send(
      new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job!.JobId }),
    )
    expect(started.UserImportJob?.Status).toBe('Failed')
  })
})
