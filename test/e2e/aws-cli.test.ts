import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { promisify } from 'node:util'
import { describe, expect, inject, it } from 'vitest'

const run = promisify(execFile)
// Debian's AWS CLI v2 (CI installs it with apt-get); any `aws` on PATH otherwise.
const CLI = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws'
const available = existsSync('/usr/bin/aws') || process.env.CI === 'true'

const aws = (...args: string[]) => awsCli('cognito-idp', ...args)

async function awsCli(service: string, ...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(
    CLI,
    [service, ...args, '--endpoint-url', inject('endpoint'), '--output', 'json'],
    {
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: inject('accessKeyId'),
        AWS_SECRET_ACCESS_KEY: inject('secretAccessKey'),
        AWS_REGION: 'us-east-1',
        AWS_PAGER: '',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      },
    },
  )
  return stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : {}
}

// Skipped only on a developer machine without the AWS CLI; CI installs it, so there it always runs.
describe.skipIf(!available)('the AWS CLI against Portcullis', () => {
  it('administers a pool and signs a user in with --endpoint-url', async () => {
    const pool = (await aws('create-user-pool', '--pool-name', 'cli-pool')) as {
      UserPool: { Id: string }
    }
    const poolId = pool.UserPool.Id
    const client = (await aws(
      'create-user-pool-client',
      '--user-pool-id',
      poolId,
      '--client-name',
      'cli',
      '--explicit-auth-flows',
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
    )) as { UserPoolClient: { ClientId: string } }
    await aws(
      'admin-create-user',
      '--user-pool-id',
      poolId,
      '--username',
      'cli-user',
      '--message-action',
      'SUPPRESS',
      '--user-attributes',
      'Name=email,Value=cli@example.com',
    )
    await aws(
      'admin-set-user-password',
      '--user-pool-id',
      poolId,
      '--username',
      'cli-user',
      '--password',
      'Cli-Password-9',
      '--permanent',
    )
    const listed = (await aws(
      'list-users',
      '--user-pool-id',
      poolId,
      '--filter',
      'email = "cli@example.com"',
    )) as { Users: Array<{ Username: string; UserStatus: string }> }
    expect(listed.Users).toEqual([
      expect.objectContaining({ Username: 'cli-user', UserStatus: 'CONFIRMED' }),
    ])
    const auth = (await aws(
      'initiate-auth',
      '--client-id',
      client.UserPoolClient.ClientId,
      '--auth-flow',
      'USER_PASSWORD_AUTH',
      '--auth-parameters',
      'USERNAME=cli-user,PASSWORD=Cli-Password-9',
    )) as { AuthenticationResult: { AccessToken: string } }
    const me = (await aws('get-user', '--access-token', auth.AuthenticationResult.AccessToken)) as {
      Username: string
    }
    expect(me.Username).toBe('cli-user')
    await expect(
      aws('admin-get-user', '--user-pool-id', poolId, '--username', 'nobody'),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('UserNotFoundException') })
  })

  it('creates and reads an IAM role with aws iam --endpoint-url', async () => {
    const name = `cli-role-${Math.random().toString(36).slice(2, 10)}`
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    })
    const created = (await awsCli(
      'iam',
      'create-role',
      '--role-name',
      name,
      '--assume-role-policy-document',
      trust,
    )) as { Role: { Arn: string } }
    expect(created.Role.Arn).toBe(`arn:aws:iam::000000000000:role/${name}`)
    const got = (await awsCli('iam', 'get-role', '--role-name', name)) as {
      Role: { RoleName: string; AssumeRolePolicyDocument: unknown }
    }
    expect(got.Role.RoleName).toBe(name)
    // The CLI decodes the URL-encoded document IAM answers, and shows it as JSON.
    expect(got.Role.AssumeRolePolicyDocument).toEqual(JSON.parse(trust))
    await expect(awsCli('iam', 'get-role', '--role-name', `${name}-x`)).rejects.toMatchObject({
      stderr: expect.stringContaining('NoSuchEntity'),
    })
  })
})
