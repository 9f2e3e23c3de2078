import { describe, expect, it } from 'vitest'
import type { PushSockets, PushSubscription } from '../../../src/storage/push-sockets'
import { presignPushUrl } from '../../push-url'
import { AUTH, TEST_ADMIN_KEY } from '../support/app'
import { type SyncFixture, syncFixture, syncPolicy } from '../support/sync-fixture'

/** Push sockets that record what the Worker hands them (no WebSockets in Node: the objects do). */
function recordingSockets(t: SyncFixture) {
  const accepted: Array<{ identityId: string; subscription: PushSubscription }> = []
  const sockets: PushSockets = {
    async accept(identityId, _upgrade, subscription) {
      accepted.push({ identityId, subscription })
      return new Response(null, { status: 204 })
    },
    broadcast: async () => 0,
  }
  t.app.runtime.services.pushSockets = sockets
  return accepted
}

const upgrade = { headers: { upgrade: 'websocket', connection: 'Upgrade' } }

async function errorOf(response: Response) {
  return {
    status: response.status,
    type: response.headers.get('x-amzn-errortype'),
    message: ((await response.json()) as { message: string }).message,
  }
}

describe('the push socket URL', () => {
  async function setUp(policy?: object) {
    const t = await syncFixture(policy ? { policy } : {})
    const accepted = recordingSockets(t)
    const device = await t.device()
    const credentials = {
      accessKeyId: device.answer.Credentials!.AccessKeyId!,
      secretAccessKey: device.answer.Credentials!.SecretKey!,
      sessionToken: device.answer.Credentials!.SessionToken!,
    }
    const sign = (
      options: { identityId?: string; datasets?: string; endpoint?: string; signer?: object } = {},
    ) =>
      presignPushUrl({
        endpoint: options.endpoint ?? AUTH,
        identityPoolId: t.poolId,
        identityId: options.identityId ?? device.identityId,
        deviceId: 'phone',
        ...(options.datasets !== undefined ? { datasets: options.datasets } : {}),
        credentials: { ...credentials, ...options.signer },
        signingDate: new Date(t.app.now()),
      })
    return { t, accepted, device, sign }
  }

  it("opens a socket on the identity's object with the subscription it names, signed by the identity", async () => {
    const { t, accepted, device, sign } = await setUp()
    const response = await t.app.fetch(await sign({ datasets: 'settings,scores' }), upgrade)
    expect(response.status).toBe(204)
    expect(accepted).toEqual([
      {
        identityId: device.identityId,
        subscription: { deviceId: 'phone', datasets: ['settings', 'scores'] },
      },
    ])
    const every = await t.app.fetch(await sign({ endpoint: `${AUTH}/sync` }), upgrade)
    expect(every.status).toBe(204)
    expect(accepted[1]?.subscription).toEqual({ deviceId: 'phone', datasets: '*' })
  })

  it('opens one socket per URL: a replayed URL is refused', async () => {
    const { t, accepted, sign } = await setUp()
    const url = await sign()
    expect((await t.app.fetch(url, upgrade)).status).toBe(204)
    expect(await errorOf(await t.app.fetch(url, upgrade))).toMatchObject({
      status: 403,
      type: 'NotAuthorizedException',
    })
    expect(accepted).toHaveLength(1)
  })

  it('refuses a URL whose query was changed after signing, or that has expired', async () => {
    const { t, sign } = await setUp()
    const tampered = new URL(await sign({ datasets: 'settings' }))
    tampered.searchParams.set('deviceId', 'laptop')
    expect(await errorOf(await t.app.fetch(tampered.toString(), upgrade))).toMatchObject({
      status: 403,
      type: 'InvalidSignatureException',
    })
    const url = await sign()
    t.app.advance(301_000)
    expect(await errorOf(await t.app.fetch(url, upgrade))).toMatchObject({ status: 403 })
  })

  it("refuses another identity's sockets, and a role that may not subscribe", async () => {
    const { t, sign } = await setUp()
    const other = await t.device()
    expect(
      await errorOf(await t.app.fetch(await sign({ identityId: other.identityId }), upgrade)),
    ).toMatchObject({ status: 403, type: 'NotAuthorizedException' })
    // Everything but SubscribeToDataset, on every pool's sync resources.
    const narrow = await setUp(
      syncPolicy('*', ['cognito-sync:ListDatasets', 'cognito-sync:ListRecords']),
    )
    expect(await errorOf(await narrow.t.app.fetch(await narrow.sign(), upgrade))).toMatchObject({
      status: 403,
      type: 'NotAuthorizedException',
    })
  })

  it('accepts an admin-signed URL, and refuses bad parameters and plain GETs', async () => {
    const { t, accepted, device, sign } = await setUp()
    const admin = await presignPushUrl({
      endpoint: AUTH,
      identityPoolId: t.poolId,
      identityId: device.identityId,
      deviceId: 'console',
      credentials: TEST_ADMIN_KEY,
      signingDate: new Date(t.app.now()),
    })
    expect((await t.app.fetch(admin, upgrade)).status).toBe(204)
    expect(accepted.at(-1)?.subscription.deviceId).toBe('console')
    expect(
      await errorOf(await t.app.fetch(await sign({ datasets: 'bad name' }), upgrade)),
    ).toMatchObject({ status: 400, type: 'InvalidParameterException' })
    expect(await errorOf(await t.app.fetch(await sign()))).toMatchObject({
      status: 400,
      type: 'InvalidParameterException',
    })
    expect(
      await errorOf(await t.app.fetch(`${AUTH}${new URL(await sign()).pathname}`, upgrade)),
    ).toMatchObject({
      status: 403,
      type: 'MissingAuthenticationTokenException',
    })
  })
})
