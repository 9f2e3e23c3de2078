import { env } from 'cloudflare:workers'
import { runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { durablePushSockets } from '../../src/storage/do/push-sockets'
import type { PushSubscription } from '../../src/storage/push-sockets'

let counter = 0
const freshIdentity = () => `us-east-1:push-${Date.now()}-${counter++}`
const sockets = durablePushSockets(env.SYNC_IDENTITY)

/** Opens a socket on the identity's object, as the Worker hands one over, and collects its messages. */
async function open(identityId: string, subscription: PushSubscription) {
  const response = await sockets.accept(
    identityId,
    new Request('https://sync.internal/push', { headers: { upgrade: 'websocket' } }),
    subscription,
  )
  expect(response.status).toBe(101)
  const socket = response.webSocket!
  socket.accept()
  const messages: string[] = []
  const waiters: Array<() => void> = []
  let closed: { code: number } | undefined
  socket.addEventListener('message', (event) => {
    messages.push(String(event.data))
    for (const wake of waiters.splice(0)) wake()
  })
  socket.addEventListener('close', (event) => {
    closed = { code: event.code }
    for (const wake of waiters.splice(0)) wake()
  })
  const until = async (check: () => boolean) => {
    while (!check()) await new Promise<void>((wake) => waiters.push(wake))
  }
  return {
    socket,
    messages,
    closed: () => closed,
    next: async (count: number) => {
      await until(() => messages.length >= count)
      return messages[count - 1]
    },
    untilClosed: () => until(() => closed !== undefined),
  }
}

describe('push sockets on the SyncIdentityObject', () => {
  it('are accepted with the hibernation API and carry their subscription as an attachment', async () => {
    const identityId = freshIdentity()
    await open(identityId, { deviceId: 'phone', datasets: ['settings'] })
    const kept = await runInDurableObject(env.SYNC_IDENTITY.getByName(identityId), (_o, state) =>
      state.getWebSockets().map((socket) => ({
        tags: state.getTags(socket),
        attachment: socket.deserializeAttachment() as unknown,
      })),
    )
    expect(kept).toEqual([
      { tags: ['device:phone'], attachment: { deviceId: 'phone', datasets: ['settings'] } },
    ])
  })

  it('deliver a broadcast to subscribed sockets only, skipping the writer', async () => {
    const identityId = freshIdentity()
    const phone = await open(identityId, { deviceId: 'phone', datasets: ['settings'] })
    const laptop = await open(identityId, { deviceId: 'laptop', datasets: '*' })
    const watch = await open(identityId, { deviceId: 'watch', datasets: ['scores'] })
    const delivered = await sockets.broadcast(identityId, {
      datasetName: 'settings',
      message: '{"n":1}',
      exceptDeviceId: 'laptop',
    })
    expect(delivered).toBe(1)
    expect(await phone.next(1)).toBe('{"n":1}')
    // A second notice, to the writer's own dataset from another device, reaches the laptop and
    // the phone: the order of one socket's messages is the order they were sent.
    expect(
      await sockets.broadcast(identityId, {
        datasetName: 'settings',
        message: '{"n":2}',
        exceptDeviceId: 'watch',
      }),
    ).toBe(2)
    expect(await laptop.next(1)).toBe('{"n":2}')
    expect(await phone.next(2)).toBe('{"n":2}')
    expect(watch.messages).toEqual([])
    expect(laptop.messages).toEqual(['{"n":2}'])
  })

  it('answer ping without the object and refuse other messages', async () => {
    const identityId = freshIdentity()
    const phone = await open(identityId, { deviceId: 'phone', datasets: '*' })
    phone.socket.send('ping')
    expect(await phone.next(1)).toBe('pong')
    phone.socket.send('hello')
    expect(JSON.parse((await phone.next(2))!)).toMatchObject({ type: 'error' })
  })

  it("replace a device's older socket with its newer one", async () => {
    const identityId = freshIdentity()
    const first = await open(identityId, { deviceId: 'phone', datasets: '*' })
    const second = await open(identityId, { deviceId: 'phone', datasets: '*' })
    await first.untilClosed()
    expect(first.closed()?.code).toBe(4000)
    expect(await sockets.broadcast(identityId, { datasetName: 'a', message: 'x' })).toBe(1)
    expect(await second.next(1)).toBe('x')
  })

  it('refuse a request that is not an upgrade or has no subscription', async () => {
    const stub = env.SYNC_IDENTITY.getByName(freshIdentity())
    expect((await stub.fetch('https://sync.internal/push')).status).toBe(426)
    const noSubscription = await stub.fetch('https://sync.internal/push', {
      headers: { upgrade: 'websocket' },
    })
    expect(noSubscription.status).toBe(400)
  })
})
