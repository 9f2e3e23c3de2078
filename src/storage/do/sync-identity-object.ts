import { PUSH_SUBSCRIPTION_HEADER, type PushDelivery, type PushSubscription } from '../push-sockets'
import { SqliteRecordStore } from './sqlite-record-store'

/** A socket's tag naming its device, so that a device's newer socket can replace its older one. */
const deviceTag = (deviceId: string) => `device:${deviceId}`

/** Open sockets an identity may hold at once: as many as the devices it may register. */
export const MAX_PUSH_SOCKETS = 100

/** Close code of a socket replaced by a newer one from the same device (private range 4000-4999). */
const REPLACED = 4000

/**
 * Durable Object holding one identity's sync datasets, records and dataset subscriptions, and
 * the push sockets of its devices. Sockets are accepted with the hibernation API: the object may
 * be evicted while they stay open, and every socket's subscription travels with it as its
 * attachment, so a broadcast after a wake-up finds them all (`getWebSockets`) with nothing kept
 * in memory. Pings are answered by the runtime without waking the object.
 */
export class SyncIdentityObject extends SqliteRecordStore {
  /** Random per in-memory instance: a new one after every eviction (see `incarnation`). */
  private readonly instance = crypto.randomUUID()

  constructor(ctx: DurableObjectState, env: Record<string, never>) {
    super(ctx, env)
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('ping', 'pong'))
  }

  /** A WebSocket upgrade the Worker authenticated, with the subscription it checked. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket')
      return new Response('expected a WebSocket upgrade', { status: 426 })
    const subscription = parseSubscription(request.headers.get(PUSH_SUBSCRIPTION_HEADER))
    if (!subscription) return new Response('no valid subscription', { status: 400 })
    const older = this.ctx.getWebSockets(deviceTag(subscription.deviceId))
    if (this.ctx.getWebSockets().length - older.length >= MAX_PUSH_SOCKETS)
      return new Response('too many push sockets for this identity', { status: 429 })
    for (const socket of older) socket.close(REPLACED, 'replaced by a newer socket of this device')
    const { 0: client, 1: server } = new WebSocketPair()
    this.ctx.acceptWebSocket(server, [deviceTag(subscription.deviceId)])
    server.serializeAttachment(subscription)
    return new Response(null, { status: 101, webSocket: client })
  }

  /** Writes the notice to each socket subscribed to its dataset, skipping the writer's device. */
  async broadcast(delivery: PushDelivery): Promise<number> {
    let delivered = 0
    for (const socket of this.ctx.getWebSockets()) {
      const subscription = parseSubscription(socket.deserializeAttachment())
      if (!subscription) continue
      if (subscription.deviceId === delivery.exceptDeviceId) continue
      if (subscription.datasets !== '*' && !subscription.datasets.includes(delivery.datasetName))
        continue
      try {
        socket.send(delivery.message)
        delivered++
      } catch {
        // A socket closing as we write: its close handler forgets it.
      }
    }
    return delivered
  }

  /**
   * Which in-memory instance of the object answers, and how many push sockets it holds: the
   * instance changes when the runtime evicted the object (hibernating its sockets) and a later
   * call woke it, while the sockets stay open. For tests and diagnostics; it reads nothing stored.
   */
  async incarnation(): Promise<{ instance: string; sockets: number }> {
    return { instance: this.instance, sockets: this.ctx.getWebSockets().length }
  }

  /** Push sockets only listen (and `ping` is answered without waking the object). */
  override async webSocketMessage(socket: WebSocket): Promise<void> {
    socket.send(
      JSON.stringify({
        type: 'error',
        message: 'push sockets only receive notices; send "ping" to keep one alive',
      }),
    )
  }

  /** Completes the closing handshake the device began. */
  override async webSocketClose(socket: WebSocket, code: number, reason: string): Promise<void> {
    // 1005 and 1006 are reported, never sent: answer them with a plain normal closure.
    const sendable = code === 1005 || code === 1006 ? 1000 : code
    try {
      socket.close(sendable, reason)
    } catch {
      // Already closed.
    }
  }
}

/** A subscription from the Worker's header (JSON text) or a socket's attachment (the object). */
function parseSubscription(source: unknown): PushSubscription | null {
  let value = source
  if (typeof source === 'string') {
    try {
      value = JSON.parse(source)
    } catch {
      return null
    }
  }
  if (typeof value !== 'object' || value === null) return null
  const { deviceId, datasets } = value as Record<string, unknown>
  if (typeof deviceId !== 'string' || deviceId === '') return null
  if (datasets === '*') return { deviceId, datasets }
  if (!Array.isArray(datasets) || !datasets.every((name) => typeof name === 'string')) return null
  return { deviceId, datasets: datasets as string[] }
}
