// `npm start`: a local Portcullis edge with persisted state and the bootstrap file applied.
// Creates .dev.vars with fresh secrets on first run, starts `wrangler dev` on 127.0.0.1, applies
// portcullis.bootstrap.json, prints how to use it, opens the pool's OpenID discovery document in a
// browser when one is available, and runs until Ctrl-C.
import { spawn } from 'node:child_process'
import { bootstrap } from './bootstrap.mjs'
import { ensureDevVars } from './dev-secrets.mjs'

const port = Number(process.env.PORT ?? 8787)
const endpoint = `http://127.0.0.1:${port}`
const vars = ensureDevVars()

const wrangler = spawn(
  'npx',
  ['wrangler', 'dev', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', '.wrangler/state', '--var', 'DEV_OUTBOX:true', '--show-interactive-dev-session=false'],
  { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false' }, detached: true },
)
const stop = (signal) => {
  try {
    process.kill(-wrangler.pid, signal)
  } catch {
    /* already gone */
  }
}
process.on('SIGINT', () => stop('SIGINT'))
process.on('SIGTERM', () => stop('SIGTERM'))
wrangler.on('exit', (code) => process.exit(code ?? 0))

async function waitForHealth() {
  const deadline = Date.now() + 90_000
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${endpoint}/health`)).ok) return
    } catch {
      /* not up yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 300))
  }
  throw new Error(`Portcullis did not answer on ${endpoint} within 90 s`)
}

function openInBrowser(url) {
  if (process.env.CI || process.env.PORTCULLIS_NO_BROWSER) return
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open'
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url]
  const child = spawn(opener, args, { stdio: 'ignore', detached: true })
  child.on('error', () => undefined)
  child.unref()
}

try {
  await waitForHealth()
  const state = await bootstrap({ endpoint, vars, log: (line) => console.log(`[bootstrap] ${line}`) })
  const [accessKeyId, secretAccessKey] = vars.ADMIN_KEYS.split(',')[0].split(':')
  const [poolName, pool] = Object.entries(state.pools)[0] ?? []
  const [clientName, clientId] = Object.entries(pool?.clientIds ?? {})[0] ?? []
  const issuer = pool ? `${endpoint}/${pool.UserPoolId}` : endpoint
  console.log(`
Portcullis is running on ${endpoint}

  region              us-east-1
  admin key id        ${accessKeyId}
  admin secret key    ${secretAccessKey}
  demo pool           ${poolName} → ${pool?.UserPoolId}
  demo client         ${clientName} → ${clientId}
  demo user           ${pool?.users[0]} / ${vars.DEMO_PASSWORD}
  issuer              ${issuer}
  JWKS                ${issuer}/.well-known/jwks.json
  dev outbox          ${endpoint}/_dev/outbox/${pool?.UserPoolId}

AWS CLI:
  export AWS_ACCESS_KEY_ID=${accessKeyId} AWS_SECRET_ACCESS_KEY=${secretAccessKey} AWS_REGION=us-east-1
  aws cognito-idp list-users --user-pool-id ${pool?.UserPoolId} --endpoint-url ${endpoint}
  aws cognito-idp initiate-auth --client-id ${clientId} --auth-flow USER_PASSWORD_AUTH \\
    --auth-parameters USERNAME=${pool?.users[0]},PASSWORD='${vars.DEMO_PASSWORD}' --endpoint-url ${endpoint}

AWS SDK for JavaScript v3:
  new CognitoIdentityProviderClient({ endpoint: '${endpoint}', region: 'us-east-1',
    credentials: { accessKeyId: '${accessKeyId}', secretAccessKey: '${secretAccessKey}' } })

State persists in .wrangler/state; secrets live in .dev.vars. Ctrl-C stops.
`)
  openInBrowser(`${issuer}/.well-known/openid-configuration`)
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  stop('SIGTERM')
  process.exitCode = 1
}
