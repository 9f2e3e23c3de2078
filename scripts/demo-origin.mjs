// The protected demo origin for `npm start`: a page that shows what identity the gateway sent.
import { createServer } from 'node:http'

const escapeHtml = (text) => String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** Starts the demo origin on 127.0.0.1:port; resolves when it listens. */
export function startDemoOrigin(port) {
  const server = createServer((request, response) => {
    const rows = Object.entries(request.headers)
      .filter(
        ([name]) =>
          name.startsWith('x-amzn-oidc-') ||
          name.startsWith('x-demo-') ||
          name.startsWith('x-portcullis-'),
      )
      .map(
        ([name, value]) =>
          `<tr><th>${escapeHtml(name)}</th><td><code>${escapeHtml(String(value).slice(0, 120))}${String(value).length > 120 ? '…' : ''}</code></td></tr>`,
      )
      .join('')
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Portcullis demo origin</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:3rem auto;padding:0 1rem}th{text-align:left;padding-right:1rem;vertical-align:top}code{word-break:break-all}</style></head>
<body><h1>Hello, ${escapeHtml(request.headers['x-demo-user'] ?? 'stranger')}</h1>
<p>This origin sits behind the Portcullis gateway. It received <code>${escapeHtml(request.method)} ${escapeHtml(request.url)}</code> with these identity headers:</p>
<table>${rows}</table><p><a href="/_gateway/logout">Sign out</a></p></body></html>`)
  })
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)))
}
