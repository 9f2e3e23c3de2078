import {
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SignUpCommand,
  UserLambdaValidationException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminClient, publicClient } from './support/clients'
import { functionArn, startWorkerWithTriggers } from './support/trigger-functions'
import type { RunningWorker } from './support/worker'

const PASSWORD = 'Trigger-Test-Pass-42'

/**
 * Triggers reached over a service binding: Portcullis on Miniflare with a second Worker holding
 * the trigger functions (test/e2e/fixtures/triggers/functions), and the unmodified AWS SDK.
 */
describe('triggers in a bound Worker, with the AWS SDK', () => {
  let worker: RunningWorker
  let admin: CognitoIdentityProviderClient
  let user: CognitoIdentityProviderClient
  let poolId: string
  let clientId: string

  beforeAll(async () => {
    worker = await startWorkerWithTriggers()
    admin = adminClient(worker)
    user = publicClient(worker)
    const pool = await admin.send(
      new CreateUserPoolCommand({
        PoolName: 'triggers',
        AutoVerifiedAttributes: ['email'],
        LambdaConfig: { PreSignUp: functionArn('preSignUp') },
      }),
    )
    poolId = pool.UserPool!.Id!
    expect(pool.UserPool!.LambdaConfig).toEqual({ PreSignUp: functionArn('preSignUp') })
    const client = await admin.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app' }),
    )
    clientId = client.UserPoolClient!.ClientId!
  })
  afterAll(() => worker?.stop())

  const signUp = (Username: string) =>
    user.send(
      new SignUpCommand({
        ClientId: clientId,
        Username,
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: `${Username}@example.com` }],
      }),
    )

  it('PreSignUp auto-confirms and auto-verifies as the function answers', async () => {
    expect((await signUp('auto-ana')).UserConfirmed).toBe(true)
    const stored = await admin.send(
      new AdminGetUserCommand({ UserPoolId: poolId, Username: 'auto-ana' }),
    )
    expect(stored.UserStatus).toBe('CONFIRMED')
    expect(stored.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' })
  })

  it("PreSignUp's refusal reaches the client with the function's message, and no user is left", async () => {
    const refused = await signUp('blocked-bo').catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(UserLambdaValidationException)
    expect((refused as Error).message).toBe(
      'PreSignUp failed with error Sign-ups as blocked-bo are closed.',
    )
    await expect(
      admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'blocked-bo' })),
    ).rejects.toBeInstanceOf(UserNotFoundException)
  })

  it('a sign-up the function leaves alone waits for its code', async () => {
    expect((await signUp('cy')).UserConfirmed).toBe(false)
  })
})
