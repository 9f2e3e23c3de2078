import { createServer, type Server } from 'node:http'
import { freePort } from './worker'

/** A relying party's redirect endpoint on loopback: records every request it receives. */
export async function callbackServer(): Promise<{
  base: string
  hits: Array<{ url: string; method: string; body: string }>
  close(): Promise<void>
}> {
  const port = await freePort()
  const hits: Array<{ url: string; method: string; body: string }> = []
  const server: Server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      hits.push({
        url: `http://127.0.0.1:${port}${request.url}`,
        method: request.method ?? 'GET',
        body,
      })
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><title>callback</title><h1>Signed in</h1>')
    })
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    base: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
