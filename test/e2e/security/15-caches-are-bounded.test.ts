import { randomBytes } from 'node:crypto'
import { createServer, request as httpRequest, type Server } from 'node:http'
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  adminClient,
  createAppClient,
  createPool,
  endpoint,
  publicClient,
} from '../support/clients'
import { freePort, startWorker, type RunningWorker } from '../support/worker'

const PASSWORD = 'Bounded-Pass-42'
const id = (bytes = 16) => randomBytes(bytes).toString('hex')

/** Runs `count` requests, `parallel` at a time; returns every status seen. */
async function flood(
  count: number,
  parallel: number,
  send: (i: number) => Promise<number>,
): Promise<Set<number>> {
  const statuses = new Set<number>()
  for (let start = 0; start < count; start += parallel) {
    const batch = Array.from({ length: Math.min(parallel, count - start) }, (_, i) =>
      send(start + i),
    )
    for (const status of await Promise.all(batch)) statuses.add(status)
  }
  return statuses
}

function getWithHost(base: string, host: string, path: string): Promise<number> {
  const url = new URL(base)
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: url.hostname, port: url.port, path, headers: { host } },
      (response) => {
        response.resume()
        response.on('end', () => resolve(response.statusCode ?? 0))
      },
    )
    outgoing.on('error', reject)
    outgoing.end()
  })
}

/**
 * Every per-isolate cache is bounded (a unit test holds the source to it: no cache but a
 * BoundedCache). Here the running Worker is driven with thousands of keys nobody configured, the
 * kinds an attacker chooses freely (ClientIds, pool ids, Host headers, token key ids): each is
 * answered with a typed refusal, and the Worker keeps serving real users afterwards.
 */
describe('security review 15: caches keyed by what a caller chooses are bounded', () => {
  let gateway: RunningWorker
  let origin: Server
  let clientId: string

  beforeAll(async () => {
    const originPort = await freePort()
    origin = createServer((_, response) => response.writeHead(200).end('served'))
    await new Promise<void>((resolve) => origin.listen(originPort, '127.0.0.1', resolve))
    const poolId = await createPool()
    clientId = (await createAppClient(poolId)).clientId
    await adminClient().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'steady',
        MessageAction: 'SUPPRESS',
      }),
    )
    await adminClient().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'steady',
        Password: PASSWORD,
        Permanent: true,
      }),
    )
    gateway = await startWorker({
      vars: {
        GATEWAY_CONFIG: JSON.stringify({
          providers: { pool: { issuer: `${endpoint()}/${poolId}`, clientIds: [clientId] } },
          routes: [
            {
              path: '/api/*',
              origin: `http://127.0.0.1:${originPort}`,
              provider: 'pool',
              unauthenticated: 'deny',
            },
          ],
        }),
      },
    })
  })

  afterAll(async () => {
    await gateway?.stop()
    await new Promise((resolve) => origin?.close(resolve))
  })

  it('answers floods of unknown ClientIds, pool ids, hosts and key ids with typed refusals', async () => {
    const unknownClients = await flood(1000, 25, async () => {
      const response = await fetch(`${gateway.endpoint}/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
        },
        body: JSON.stringify({
          ClientId: id(60),
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'x', PASSWORD: 'y' },
        }),
      })
      return response.status
    })
    expect([...unknownClients]).toEqual([400])
    const unknownPools = await flood(
      300,
      25,
      async () =>
        (await fetch(`${gateway.endpoint}/us-east-1_${id(10)}/.well-known/jwks.json`)).status,
    )
    expect([...unknownPools]).toEqual([404])
    const unknownHosts = await flood(300, 25, (i) =>
      getWithHost(gateway.appEndpoint, `h${i}-${id(8)}.example`, '/api/x'),
    )
    expect([...unknownHosts]).toEqual([401])
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'x' })).toString('base64url')
    const unknownKids = await flood(300, 25, async () => {
      const forged = `${Buffer.from(JSON.stringify({ alg: 'RS256', kid: id() })).toString('base64url')}.${header}.AAAA`
      return (
        await fetch(`${gateway.appEndpoint}/api/x`, {
          headers: { authorization: `Bearer ${forged}` },
        })
      ).status
    })
    expect([...unknownKids]).toEqual([401])
  })

  it('keeps serving the pool’s real users afterwards', async () => {
    const result = await publicClient().send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'steady', PASSWORD },
      }),
    )
    const token = result.AuthenticationResult!.AccessToken!
    const served = await fetch(`${gateway.appEndpoint}/api/x`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(served.status).toBe(200)
    expect(await served.text()).toBe('served')
  })
})
