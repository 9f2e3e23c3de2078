import { CognitoSyncClient } from '@aws-sdk/client-cognito-sync'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { CognitoSyncManager, type PushNotice, webSocketPushSource } from '../../../client/sync'

const IDENTITY = 'us-east-1:00000000-0000-4000-8000-000000000001'
const servers: WebSocketServer[] = []
afterEach(() => {
  for (const server of servers.splice(0)) server.close()
})

/** A loopback WebSocket server that records the URLs asked for and can send to every socket. */
async function pushServer() {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  servers.push(server)
  await new Promise((resolve) => server.once('listening', resolve))
  const urls: string[] = []
  const connected: Array<() => void> = []
  server.on('connection', (socket, request) => {
    urls.push(request.url ?? '')
    connected.shift()?.()
    socket.on('close', () => undefined)
  })
  return {
    base: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    urls,
    nextConnection: () => new Promise<void>((resolve) => connected.push(resolve)),
    send: (message: string) => {
      for (const client of server.clients) client.send(message)
    },
  }
}

const payload = (syncCount: number, datasetName = 'settings', identityId = IDENTITY) =>
  JSON.stringify({
    source: 'cognito-sync',
    identityPoolId: 'us-east-1:pool',
    identityId,
    datasetName,
    syncCount,
  })

describe('webSocketPushSource', () => {
  it('opens the URL made for the identity and hands on each push payload, ignoring the rest', async () => {
    const server = await pushServer()
    const connected = server.nextConnection()
    const notices: PushNotice[] = []
    const received = new Promise<void>((resolve) => {
      const stop = webSocketPushSource({
        url: (identityId) =>
          `${server.base}/push/${encodeURIComponent(identityId)}?X-Amz-Signature=x`,
        WebSocket: WebSocket as never,
        reopen: () => false,
      }).subscribe(IDENTITY, (notice) => {
        notices.push(notice)
        if (notices.length === 2) {
          void Promise.resolve(stop).then((close) => close())
          resolve()
        }
      })
    })
    await connected
    expect(server.urls).toEqual([`/push/${encodeURIComponent(IDENTITY)}?X-Amz-Signature=x`])
    server.send('pong')
    server.send('{"not":"a notice"}')
    server.send(payload(4))
    server.send(payload(5, 'game'))
    await received
    expect(notices.map((n) => [n.datasetName, n.syncCount, n.source])).toEqual([
      ['settings', 4, 'cognito-sync'],
      ['game', 5, 'cognito-sync'],
    ])
  })
})

describe('CognitoSyncManager.listen', () => {
  it('synchronizes a dataset only when a notice is past its last sync count', async () => {
    const requests: string[] = []
    const manager = new CognitoSyncManager({
      identityPoolId: 'us-east-1:pool',
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAOFFLINE000000000', secretAccessKey: 'offline' },
      identityId: IDENTITY,
      client: new CognitoSyncClient({
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIAOFFLINE000000000', secretAccessKey: 'offline' },
        maxAttempts: 1,
        requestHandler: {
          handle: async (request: { path: string }) => {
            requests.push(request.path)
            throw new Error('connect ENETUNREACH')
          },
        },
      }),
    })
    let deliver: (notice: PushNotice) => void = () => undefined
    const errors: unknown[] = []
    let failedOnce: () => void = () => undefined
    const failed = new Promise<void>((resolve) => {
      failedOnce = resolve
    })
    await manager.listen(
      {
        subscribe: (_identityId, onNotice) => {
          deliver = onNotice
          return () => undefined
        },
      },
      {
        onError: (error) => {
          errors.push(error)
          failedOnce()
        },
      },
    )
    // Another identity's notice, and one not past the dataset's count (0), pull nothing.
    deliver(JSON.parse(payload(3, 'settings', 'us-east-1:someone-else')))
    deliver(JSON.parse(payload(0)))
    deliver(JSON.parse(payload(3)))
    await failed
    expect(requests).toEqual([
      `/identitypools/us-east-1%3Apool/identities/${encodeURIComponent(IDENTITY)}/datasets/settings/records`,
    ])
    expect(String(errors[0])).toMatch(/ENETUNREACH/)
  })
})
