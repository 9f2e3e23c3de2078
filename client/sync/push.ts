/** What a push source delivers: Cognito's push payload. */
export interface PushNotice {
  source?: string
  identityPoolId?: string
  identityId: string
  datasetName: string
  syncCount: number
}

/** A channel of push notices for one identity, such as `webSocketPushSource`. */
export interface PushSource {
  /** Starts delivering the identity's notices to `onNotice`; answers how to stop. */
  subscribe(
    identityId: string,
    onNotice: (notice: PushNotice) => void,
  ): Promise<() => void> | (() => void)
}

/** The part of the WebSocket interface the push source uses (the browser's, Node 22's, `ws`). */
interface PushSocket {
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
  addEventListener(type: 'open' | 'close' | 'error', listener: (event: unknown) => void): void
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
        setTimeout(() => void open(false).catch(() => undefined), options.reopenDelayMs ?? 1_000)
      }
      // Resolves once the socket is open, so no notice sent after `subscribe` is missed. The first
      // socket's failure is the caller's (subscribe rejects); a later one's is retried.
      const open = async (first: boolean): Promise<void> => {
        let url: string
        try {
          url = await options.url(identityId)
        } catch (error) {
          if (!first) reopenLater(error)
          throw error
        }
        const opened = new Socket(url)
        socket = opened
        let isOpen = false
        opened.addEventListener('message', (event) => {
          const notice = readNotice(event.data)
          if (notice) onNotice(notice)
        })
        await new Promise<void>((resolve, reject) => {
          // Errors end in a close event; listening keeps an emitter-style socket from throwing.
          opened.addEventListener('error', () => undefined)
          opened.addEventListener('open', () => {
            isOpen = true
            resolve()
          })
          opened.addEventListener('close', (event) => {
            if (!isOpen) reject(new Error('push socket: closed before it opened (refused URL?)'))
            if (isOpen || !first) reopenLater(event)
          })
        })
      }
      await open(true)
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
