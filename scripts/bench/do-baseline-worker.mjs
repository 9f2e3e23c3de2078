// Baseline for the sync phases of `npm run bench`: the plainest Durable Object doing what one
// identity's sync object does, served in the same workerd as Portcullis. One object (by name):
//   POST /write     stores the request body as one record in SQLite, answers 200
//   GET  /read      answers every stored record as JSON
//   GET  /socket    a hibernatable WebSocket
//   POST /broadcast stores the body, then sends it to every socket, answers 200
import { DurableObject } from 'cloudflare:workers'

export class BaselineObject extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env)
    ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, value TEXT)')
  }

  async fetch(request) {
    const { pathname } = new URL(request.url)
    if (pathname === '/socket') {
      const [client, server] = Object.values(new WebSocketPair())
      this.ctx.acceptWebSocket(server)
      return new Response(null, { status: 101, webSocket: client })
    }
    if (pathname === '/read') {
      const rows = this.ctx.storage.sql.exec('SELECT key, value FROM records').toArray()
      return Response.json(rows)
    }
    const body = await request.text()
    this.ctx.storage.sql.exec(
      'INSERT INTO records (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      'record',
      body,
    )
    if (pathname === '/broadcast') for (const socket of this.ctx.getWebSockets()) socket.send(body)
    return new Response('ok')
  }

  webSocketMessage() {}
}

export default {
  fetch: (request, env) => env.BASELINE.getByName('one-identity').fetch(request),
}
