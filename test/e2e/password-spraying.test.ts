import {
  AdminCreateUserCommand,
  AdminListUserAuthEventsCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminClient } from './support/clients'
import { startWorker, type RunningWorker } from './support/worker'

const PASSWORD = 'Spraying-Victim-Pass-42'
const PARIS = { country: 'FR', city: 'Paris', asn: 3215, latitude: '48.86', longitude: '2.35' }

/**
 * Password spraying against a running Worker: one burst of failed sign-ins, all sent at once
 * (Promise.all over the AWS SDK), from several addresses at many accounts. Every address's
 * count must come out exact, which only the next sign-in from it shows: the spraying signal is
 * "failed sign-ins at 5 or more accounts", so an address tried at exactly 5 trips it only if no
 * failure was lost, and one tried at 4 must not.
 */
describe('password spraying under a concurrent burst', () => {
  let worker: RunningWorker
  beforeAll(async () => {
    worker = await startWorker()
  })
  afterAll(async () => {
    await worker?.stop()
  })

  const from = (ip: string) => {
    const client = new CognitoIdentityProviderClient({
      endpoint: worker.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'unused-secret' },
      maxAttempts: 1,
    })
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers: Record<string, string> }
        request.headers['MF-CF-Blob'] = JSON.stringify(PARIS)
        request.headers['CF-Connecting-IP'] = ip
        return next(args)
      },
      { step: 'build', name: 'edgePlace' },
    )
    return client
  }

  it('counts every failure of the burst and trips the signal exactly at five accounts', async () => {
    const admin = adminClient(worker)
    const poolId = (
      await admin.send(
        new CreateUserPoolCommand({
          PoolName: 'spraying',
          UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' },
        }),
      )
    ).UserPool!.Id!
    const clientId = (
      await admin.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'app',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        }),
      )
    ).UserPoolClient!.ClientId!
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'vera',
        MessageAction: 'SUPPRESS',
      }),
    )
    await admin.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'vera',
        Password: PASSWORD,
        Permanent: true,
      }),
    )
    const signIn = (ip: string, username: string, password: string) =>
      from(ip).send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: username, PASSWORD: password },
        }),
      )
    // Vera's first sign-in gives her a history (Paris, this network) to be judged against.
    expect((await signIn('192.0.2.1', 'vera', PASSWORD)).AuthenticationResult).toBeTruthy()

    // One address tried at 30 accounts; six at exactly 5 each; one at 4: 59 failures at once.
    const burst: Array<{ ip: string; accounts: number }> = [
      { ip: '203.0.113.10', accounts: 30 },
      ...[11, 12, 13, 14, 15, 16].map((n) => ({ ip: `203.0.113.${n}`, accounts: 5 })),
      { ip: '203.0.113.17', accounts: 4 },
    ]
    const attempts = burst.flatMap(({ ip, accounts }) =>
      Array.from({ length: accounts }, (_, i) => signIn(ip, `target-${ip}-${i}`, 'Wrong-Pass-1')),
    )
    const settled = await Promise.allSettled(attempts)
    expect(settled.every((s) => s.status === 'rejected')).toBe(true)

    // Then Vera signs in, with her right password, from each address in turn.
    for (const { ip } of burst) await signIn(ip, 'vera', PASSWORD)
    const { AuthEvents } = await admin.send(
      new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: 'vera' }),
    )
    const byAddress = new Map(
      AuthEvents!.map((e) => [e.EventContextData!.IpAddress!, e.EventRisk!.RiskLevel]),
    )
    // Spraying alone is 3 points: Medium. Nothing else about these sign-ins is new (the place
    // and network are Vera's own), so four accounts leave the sign-in at no risk, with no level.
    expect(burst.map(({ ip }) => [ip, byAddress.get(ip)])).toEqual([
      ['203.0.113.10', 'Medium'],
      ...[11, 12, 13, 14, 15, 16].map((n) => [`203.0.113.${n}`, 'Medium']),
      ['203.0.113.17', undefined],
    ])
  }, 180_000)
})
