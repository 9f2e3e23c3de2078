// `npm start`: a local Portcullis edge with persisted state and the bootstrap file applied.
// Creates .dev.vars with fresh secrets on first run, starts `wrangler dev` on 127.0.0.1 (PORT, default
// 8787), applies portcullis.bootstrap.json, serves the protected demo origin behind the gateway,
// prints how to use it, opens the landing page in a browser when one is available, and runs until Ctrl-C. State persists in
// .wrangler/state, so a second run finds the same pool, client and user.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { constants } from 'node:os'
import { join } from 'node:path'
import {
  adminConfig,
  appOriginFor,
  bootstrap,
  HOME,
  quietSdkNotices,
  ROOT,
  STATE_FILE,
} from './bootstrap.mjs'
import { startDemoOrigin } from './demo-origin.mjs'
import {
  DEMO_TRIGGER_TARGETS,
  demoS3Route,
  demoWranglerConfig,
  identityPoolUsage,
  seedDemoBucket,
} from './demo-storage.mjs'
import { ensureDevVars } from './dev-secrets.mjs'

quietSdkNotices()
const port = Number(process.env.PORT || 8787)
// The identity provider answers on 127.0.0.1 and the gateway's demo app on localhost: one Worker,
// two host names, which browsers keep apart for cookies (README "Security model").
const endpoint = `http://127.0.0.1:${port}`
const appOrigin = appOriginFor(endpoint)
const bootstrapFile = join(ROOT, 'portcullis.bootstrap.json')

/** Fails early when the port is taken: otherwise an older worker there would answer the health check. */
async function assertPortFree() {
  await new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', (error) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `port ${port} on 127.0.0.1 is in use (another \`npm start\`?); set PORT to use another`,
            )
          : error,
      ),
    )
    server.listen(port, '127.0.0.1', () => server.close(resolve))
  })
}

/** The gateway table from the last bootstrap, so that a restart serves the demo route at once. */
function savedGatewayConfig() {
  try {
    const config = JSON.parse(readFileSync(STATE_FILE, 'utf8')).gatewayConfig
    return config ? JSON.stringify(config) : undefined
  } catch {
    return undefined
  }
}

function startWrangler(gatewayConfig) {
  const args = [
    'wrangler',
    'dev',
    '-c',
    wranglerConfig,
    '-c',
    join(ROOT, 'examples', 'trigger-functions', 'wrangler.toml'),
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--persist-to',
    join(HOME, '.wrangler', 'state'),
    '--env-file',
    join(HOME, '.dev.vars'),
    '--var',
    'DEV_OUTBOX:true',
    '--var',
    `TRIGGER_TARGETS:${JSON.stringify(DEMO_TRIGGER_TARGETS)}`,
    ...(gatewayConfig ? ['--var', `GATEWAY_CONFIG:${gatewayConfig}`] : []),
    '--show-interactive-dev-session=false',
  ]
  // Its own process group, so that signals reach npx, wrangler and workerd alike.
  const child = spawn('npx', args, {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    detached: true,
  })
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal)
    } catch {
      /* already gone */
    }
  }
  let _stopping
  const stop = (signal) => {
    signalGroup(signal)
    // wrangler normally exits within a second; do not leave workerd behind if it does not.
    _stopping ??= setTimeout(() => signalGroup('SIGKILL'), 10_000).unref()
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal))
  let restarting = false
  child.on('exit', (code, signal) => {
    if (!restarting)
      process.exit(process.exitCode || (code ?? 128 + (constants.signals[signal] ?? 0)))
  })
  /** Stops this wrangler for a restart with another configuration; resolves when it has exited. */
  const replace = () => {
    restarting = true
    const exited = new Promise((done) => child.once('exit', done))
    signalGroup('SIGTERM')
    return exited
  }
  return { stop, replace }
}

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

/** Opens `url` in the desktop browser when there is one; never fails. */
function openInBrowser(url) {
  if (process.env.CI || process.env.PORTCULLIS_NO_BROWSER) return
  const hasDesktop =
    process.platform === 'darwin' ||
    process.platform === 'win32' ||
    Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)
  if (!hasDesktop) return
  const [opener, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]]
  try {
    const child = spawn(opener, args, { stdio: 'ignore', detached: true })
    child.on('error', () => undefined)
    child.unref()
  } catch {
    /* no opener */
  }
}

/** The demo user's password, resolved the way the bootstrap resolved it. */
function demoPassword(poolName, username, vars) {
  const pool = JSON.parse(readFileSync(bootstrapFile, 'utf8')).pools?.find(
    (p) => p.PoolName === poolName,
  )
  const value = pool?.users?.find((u) => u.Username === username)?.Password
  return typeof value === 'string' && value.startsWith('$')
    ? (process.env[value.slice(1)] ?? vars[value.slice(1)])
    : value
}

/** The usage text; `more` (the identity pool's, when there is one) goes before the closing notes. */
function usage(state, vars, more = '') {
  const { accessKeyId, secretAccessKey } = adminConfig(vars)
  const { region } = state
  const [poolName, pool] = Object.entries(state.pools)[0] ?? []
  if (!pool)
    return `\nPortcullis is running on ${endpoint} (region ${region}); the bootstrap file declares no pool.\n`
  const [clientName, clientId] = Object.entries(pool.clientIds)[0] ?? ['(none)', '(none)']
  const username = pool.users[0] ?? '(none)'
  const password = pool.users[0] ? demoPassword(poolName, username, vars) : '(none)'
  return `
Portcullis is running on ${endpoint}

  endpoint            ${endpoint}
  region              ${region}
  admin key id        ${accessKeyId}
  admin secret key    ${secretAccessKey}
  demo pool           ${poolName}  ${pool.UserPoolId}
  demo client         ${clientName}  ${clientId}
  demo user           ${username}
  demo password       ${password}
  groups              ${pool.groups.join(', ') || '(none)'}
  issuer              ${pool.issuer}
  discovery           ${pool.issuer}/.well-known/openid-configuration
  JWKS                ${pool.jwksUri}
  dev outbox          ${endpoint}/_dev/outbox/${pool.UserPoolId}
  trigger             pre token generation (examples/trigger-functions) adds demo:greeting to ID tokens

AWS CLI:
  export AWS_ACCESS_KEY_ID=${accessKeyId} AWS_SECRET_ACCESS_KEY=${secretAccessKey} AWS_REGION=${region} AWS_DEFAULT_REGION=${region}
  aws cognito-idp list-users --user-pool-id ${pool.UserPoolId} --endpoint-url ${endpoint}
  aws cognito-idp initiate-auth --client-id ${clientId} --auth-flow USER_PASSWORD_AUTH \\
    --auth-parameters USERNAME=${username},PASSWORD='${password}' --endpoint-url ${endpoint}

AWS SDK for JavaScript v3 (@aws-sdk/client-cognito-identity-provider):
  const cognito = new CognitoIdentityProviderClient({ endpoint: '${endpoint}', region: '${region}',
    credentials: { accessKeyId: '${accessKeyId}', secretAccessKey: '${secretAccessKey}' } })
  const { Users } = await cognito.send(new ListUsersCommand({ UserPoolId: '${pool.UserPoolId}' }))
  const { AuthenticationResult } = await cognito.send(new InitiateAuthCommand({ ClientId: '${clientId}',
    AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: '${username}', PASSWORD: '${password}' } }))
${more}
State persists in .wrangler/state, secrets in .dev.vars, resolved ids in .portcullis/bootstrap-state.json
(under PORTCULLIS_HOME when it is set).
Ctrl-C stops.
`
}

try {
  await assertPortFree()
} catch (error) {
  console.error(error.message)
  process.exit(1)
}
const vars = ensureDevVars()
const wranglerConfig = demoWranglerConfig(ROOT, HOME)
const demoOriginPort = Number(process.env.DEMO_ORIGIN_PORT ?? 8788)
const initialGatewayConfig = savedGatewayConfig()
let wrangler = startWrangler(initialGatewayConfig)
try {
  await waitForHealth()
  const state = await bootstrap({
    endpoint,
    file: bootstrapFile,
    vars,
    log: (line) => console.log(`[bootstrap] ${line}`),
  })
  const gatewayConfig = state.gatewayConfig ? JSON.stringify(state.gatewayConfig) : undefined
  if (gatewayConfig) await startDemoOrigin(demoOriginPort)
  // First run: the pool ids exist only now, so the gateway table needs one restart.
  if (gatewayConfig !== initialGatewayConfig) {
    await wrangler.replace()
    wrangler = startWrangler(gatewayConfig)
    await waitForHealth()
  }
  const s3Route = demoS3Route(state.gatewayConfig)
  const s3Endpoint = s3Route ? `${appOrigin}${s3Route.path.replace(/\/\*$/, '')}` : undefined
  if (s3Route) {
    const { accessKeyId, secretAccessKey } = adminConfig(vars)
    const seeded = await seedDemoBucket({
      s3Endpoint,
      bucket: s3Route.bucket,
      region: state.region,
      accessKeyId,
      secretAccessKey,
    })
    if (seeded) console.log(`[bootstrap] put public/hello.txt in bucket ${s3Route.bucket}`)
  }
  const identityPool = Object.values(state.identityPools ?? {})[0]
  const identityPoolText =
    identityPool && s3Route
      ? `\n${identityPoolUsage({
          endpoint,
          s3Endpoint,
          region: state.region,
          identityPool,
          bucket: s3Route.bucket,
          userPool: Object.values(state.pools)[0],
        })}`
      : ''
  console.log(usage(state, vars, identityPoolText))
  if (gatewayConfig)
    console.log(
      `  protected demo      ${appOrigin}/demo/  (origin on 127.0.0.1:${demoOriginPort}, behind the gateway; sign in as the demo user)\n`,
    )
  const admin = state.pools['portcullis-admin']
  if (admin?.users[0])
    console.log(
      `  landing page        ${endpoint}/\n  console             ${endpoint}/console  (operator ${admin.users[0]}, password ${demoPassword('portcullis-admin', admin.users[0], vars)})\n`,
    )
  openInBrowser(`${endpoint}/`)
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
  wrangler.stop('SIGTERM')
}
