import type { PushNotice, PushSource } from './manager'

/** The part of the WebSocket interface the push source uses (the browser's, Node 22's, `ws`). */
interface PushSocket {
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
  addEventListener(type: 'close', listener: (event: unknown) => void): void
  close(code?: number, reason?: string): void
}
type PushSocketConstructor = new (url: string) => PushSocket

export interface WebSocketPushOptions {
  /** The socket's URL for the identity: Portcullis's push endpoint, SigV4-presigned. */
  url(identityId: string): Promise<string> | string
  /** The WebSocket class; the global one by default. */
  WebSocket?: PushSocketConstructor
  /**
   * Called when the socket closes; answer true to open a new one (with a fresh URL), which is the
   * default, or false to stay closed.
   */
  reopen?(event: unknown): boolean
  /** How long to wait before reopening, in ms (default 1,000), so a refused socket cannot spin. */
  reopenDelayMs?: number
}

/**
 * Push notices over a WebSocket to the identity's sync object: each message is Cognito's push
 * payload as JSON (`source`, `identityPoolId`, `identityId`, `datasetName`, `syncCount`); any
 * other message (the server's `pong`) is ignored. Hand it to `CognitoSyncManager.listen`.
 */
export function webSocketPushSource(options: WebSocketPushOptions): PushSource {
  const Socket =
    options.WebSocket ?? (globalThis as unknown as { WebSocket?: PushSocketConstructor }).WebSocket
  if (!Socket) throw new TypeError('webSocketPushSource: no WebSocket here; pass `WebSocket`')
  return {
    async subscribe(identityId, onNotice) {
      let socket: PushSocket | undefined
      let stopped = false
      const reopenLater = (event: unknown) => {
        if (stopped || !(options.reopen?.(event) ?? true)) return
        setTimeout(() => void open().catch(reopenLater), options.reopenDelayMs ?? 1_000)
      }
      const open = async () => {
        const opened = new Socket(await options.url(identityId))
        socket = opened
        opened.addEventListener('message', (event) => {
          const notice = readNotice(event.data)
          if (notice) onNotice(notice)
        })
        opened.addEventListener('close', reopenLater)
      }
      await open()
      return () => {
        stopped = true
        socket?.close(1000, 'stopped listening')
      }
    },
  }
}

function readNotice(data: unknown): PushNotice | undefined {
  if (typeof data !== 'string') return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(data)
  } catch {
    return undefined
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined
  const { identityId, datasetName, syncCount } = parsed as Record<string, unknown>
  if (typeof identityId !== 'string' || typeof datasetName !== 'string') return undefined
  if (typeof syncCount !== 'number') return undefined
  return { ...(parsed as PushNotice), identityId, datasetName, syncCount }
}
