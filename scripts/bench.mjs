// `npm run bench`: measures Portcullis on this machine, in one run, against baselines measured in
// the same run on the same worker. Loopback only, bounded concurrency and duration.
//
//   sign-in      InitiateAuth USER_PASSWORD_AUTH (password hash + directory read/write + 2 RS256 signatures)
//   GetUser      access-token check + directory read, against GET /health on the same worker
//   code exchange   POST /oauth2/token (authorization_code + PKCE, ID/access/refresh tokens), side by side
//                   with panva's oidc-provider on Node doing the same exchange on this machine
//   identity pools  GetId, GetCredentialsForIdentity, and S3 GetObject through the SigV4 front against a
//                   plain Worker's R2 read of the same object, in one workerd (scripts/bench/identity-pool.mjs)
//   triggers        sign-in and refresh with a pre token generation trigger in a service-bound Worker
//                   against the same without, in one workerd (scripts/bench/triggers.mjs)
//   sync            UpdateRecords on one identity, ListRecords and push latency against a plain
//                   Durable Object doing the same storage and broadcast, in one workerd
//                   (scripts/bench/sync.mjs)
//   threat protection  sign-in with threat protection ENFORCED against OFF, in one workerd
//                   (scripts/bench/risk.mjs)
//   refusals        a sign-in refused by the per-address limit (TooManyRequestsException) against a
//                   request refused with NotAuthorizedException (a malformed access token), side by
//                   side on one wrangler dev worker whose limit is on
//   policies        evaluatePolicies on Amplify's storage policy (Node, vitest bench)
//
// CPU per request is the workerd process's user+system time over the phase divided by requests.
import { spawn, spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { identityPoolPhases } from './bench/identity-pool.mjs'
import { riskPhases } from './bench/risk.mjs'
import { syncPhases } from './bench/sync.mjs'
import { triggerPhases } from './bench/triggers.mjs'

const PHASE_SECONDS = Number(process.env.BENCH_SECONDS ?? 6)
const EXCHANGES = Number(process.env.BENCH_EXCHANGES ?? 400)
const HASH_ROUNDS = Number(process.env.PASSWORD_HASH_ROUNDS ?? 6)
const ITERATIONS_PER_ROUND = 100_000
const CLOCK_TICKS = 100

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })

/** Every process under `root`, from /proc. */
function descendants(root) {
  const children = new Map()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)])
    } catch {
      /* gone */
    }
  }
  const out = []
  const walk = (pid) => {
    for (const child of children.get(pid) ?? []) {
      out.push(child)
      walk(child)
    }
  }
  walk(root)
  return out
}

function cpuSeconds(pids) {
  let ticks = 0
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
      ticks += Number(fields[11]) + Number(fields[12])
    } catch {
      /* gone */
    }
  }
  return ticks / CLOCK_TICKS
}

const workerdPids = (root) =>
  descendants(root).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'workerd'
    } catch {
      return false
    }
  })

async function startWorker(extraEnv = [], configArgs = []) {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-bench-'))
  const accessKeyId = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`
  const secretAccessKey = randomBytes(30).toString('base64url').slice(0, 40)
  const envFile = join(dir, 'bench.env')
  writeFileSync(
    envFile,
    `${[
      `ADMIN_KEYS=${accessKeyId}:${secretAccessKey}`,
      `KEY_ENCRYPTION_KEY=${randomBytes(32).toString('base64')}`,
      `PASSWORD_PEPPER=${randomBytes(32).toString('hex')}`,
      `PASSWORD_HASH_ROUNDS=${HASH_ROUNDS}`,
      'DIRECTORY_PARTITIONS=4',
      // The load generator is one address signing one account in hundreds of times a minute.
      'SIGN_IN_LIMIT_PER_IP=0',
      'SIGN_IN_LIMIT_PER_ACCOUNT=0',
      'CODE_MESSAGES_PER_ACCOUNT_PER_HOUR=0',
      ...extraEnv,
    ].join('\n')}\n`,
  )
  const child = spawn(
    'npx',
    [
      'wrangler',
      'dev',
      ...configArgs,
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--inspector-port',
      String(await freePort()),
      '--persist-to',
      join(dir, 'state'),
      '--env-file',
      envFile,
      '--show-interactive-dev-session=false',
      '--log-level',
      'error',
    ],
    {
      stdio: 'ignore',
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
      detached: true,
    },
  )
  const endpoint = `http://127.0.0.1:${port}`
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${endpoint}/health`)).ok) break
    } catch {
      /* starting */
    }
    if (i === 240 || child.exitCode !== null)
      throw new Error(`wrangler dev ${configArgs.join(' ')} did not start on port ${port}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return {
    endpoint,
    // The same Worker's app host: the gateway answers there, the IdP on 127.0.0.1.
    appEndpoint: `http://localhost:${port}`,
    accessKeyId,
    secretAccessKey,
    pid: child.pid,
    stop() {
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {
        /* gone */
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Runs `makeRequest` with `concurrency` loops for `seconds`; returns throughput, latencies, CPU. */
async function phase(name, worker, concurrency, makeRequest) {
  return timed(
    name,
    workerdPids(worker.pid),
    concurrency,
    () => performance.now() < deadlineOf(),
    makeRequest,
  )
}

/** A timed phase against the server processes `pids`, `seconds` long. */
const phaseOn = (name, pids, concurrency, makeRequest, seconds = PHASE_SECONDS) =>
  timed(name, pids, concurrency, () => performance.now() < deadlineOf(), makeRequest, seconds)

let phaseDeadline = 0
const deadlineOf = () => phaseDeadline

/** The measuring loop shared by timed and fixed-count phases; `pids` are the server's processes. */
async function timed(name, pids, concurrency, more, makeRequest, seconds = PHASE_SECONDS) {
  const latencies = []
  let errors = 0
  const cpuBefore = cpuSeconds(pids)
  const started = performance.now()
  phaseDeadline = started + seconds * 1000
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (more()) {
        const t0 = performance.now()
        const response = await makeRequest()
        await response.arrayBuffer()
        if (!response.ok) errors++
        latencies.push(performance.now() - t0)
      }
    }),
  )
  const elapsed = (performance.now() - started) / 1000
  const cpu = cpuSeconds(pids) - cpuBefore
  latencies.sort((a, b) => a - b)
  const pick = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]
  return {
    name,
    concurrency,
    requests: latencies.length,
    errors,
    perSecond: latencies.length / elapsed,
    p50ms: pick(0.5),
    p99ms: pick(0.99),
    cpuMsPerRequest: (cpu * 1000) / latencies.length,
    // For phases measured in interleaved parts (scripts/bench/identity-pool.mjs); not written out.
    raw: { latencies, elapsed, cpu },
  }
}

/** Runs each of `requests` once (codes are single-use), `concurrency` at a time. */
async function fixedPhase(name, pids, concurrency, requests) {
  let next = 0
  return timed(
    name,
    pids,
    concurrency,
    () => next < requests.length,
    () => requests[next++](),
  )
}

const form = (url, fields) => () =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  })

/** Signs in once through the hosted UI, then collects `n` codes from /oauth2/authorize with the SSO cookie. */
async function portcullisCodes(endpoint, clientId, n) {
  const verifier = randomBytes(32).toString('base64url')
  const challenge = createHash('sha256').update(verifier).digest('base64url')
  const params = {
    client_id: clientId,
    redirect_uri: 'https://rp.example/cb',
    response_type: 'code',
    scope: 'openid',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }
  const login = await fetch(`${endpoint}/login?${new URLSearchParams(params)}`)
  const csrf = login.headers
    .getSetCookie()
    .find((c) => c.startsWith('__Host-pcl-csrf='))
    ?.split(';')[0]
  const signedIn = await fetch(`${endpoint}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrf },
    body: new URLSearchParams({
      ...params,
      _csrf: csrf.split('=')[1],
      username: 'bench',
      password: 'Bench-Password-1!',
    }),
  })
  const sso = signedIn.headers
    .getSetCookie()
    .find((c) => c.startsWith('__Host-pcl-sso='))
    ?.split(';')[0]
  const codes = []
  for (let i = 0; i < n; i++) {
    const answer = await fetch(`${endpoint}/oauth2/authorize?${new URLSearchParams(params)}`, {
      redirect: 'manual',
      headers: { cookie: sso },
    })
    codes.push(new URL(answer.headers.get('location')).searchParams.get('code'))
  }
  return { codes, verifier }
}

/** A tiny origin for the proxy phases: a fixed 1 KB answer. */
async function startOrigin() {
  const port = await freePort()
  const body = 'x'.repeat(1024)
  const { createServer: createHttpServer } = await import('node:http')
  const server = createHttpServer((_request, response) =>
    response.writeHead(200, { 'content-type': 'text/plain' }).end(body),
  )
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() }
}

/** Follows the browser sign-in through the gateway and the provider over HTTP; returns the session cookie. */
async function gatewaySessionCookie(gatewayEndpoint) {
  const jar = new Map()
  const cookieFor = (url) =>
    [...jar.entries()]
      .filter(([key]) => key.startsWith(`${new URL(url).host}|`))
      .map(([key, value]) => `${key.split('|')[1]}=${value}`)
      .join('; ')
  const remember = (url, response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';')
      const [name, ...rest] = pair.split('=')
      jar.set(`${new URL(url).host}|${name}`, rest.join('='))
    }
  }
  let url = `${gatewayEndpoint}/app/`
  for (let hop = 0; hop < 8; hop++) {
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: cookieFor(url) } })
    remember(url, response)
    if (new URL(url).pathname === '/login' && response.status === 200) {
      const params = Object.fromEntries(new URL(url).searchParams)
      const csrf = jar.get(`${new URL(url).host}|__Host-pcl-csrf`)
      const posted = await fetch(new URL('/login', url), {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieFor(url) },
        body: new URLSearchParams({
          ...params,
          _csrf: csrf,
          username: 'bench',
          password: 'Bench-Password-1!',
        }),
      })
      remember(url, posted)
      url = posted.headers.get('location')
      continue
    }
    if (response.status !== 303) break
    url = new URL(response.headers.get('location'), url).toString()
  }
  return cookieFor(gatewayEndpoint)
}

/** Starts the oidc-provider baseline in its own Node process. */
async function startBaseline() {
  const port = await freePort()
  const child = spawn(
    process.execPath,
    ['scripts/bench/oidc-provider-baseline.mjs', String(port)],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  )
  await new Promise((resolve) =>
    child.stdout.on('data', (chunk) => chunk.toString().includes('ready') && resolve()),
  )
  return { port, pid: child.pid, stop: () => child.kill('SIGTERM') }
}

const json = (endpoint, target, body) => () =>
  fetch(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
    },
    body,
  })

const worker = await startWorker()
try {
  const admin = new CognitoIdentityProviderClient({
    endpoint: worker.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: worker.accessKeyId, secretAccessKey: worker.secretAccessKey },
  })
  const UserPoolId = (await admin.send(new CreateUserPoolCommand({ PoolName: 'bench' }))).UserPool
    .Id
  const ClientId = (
    await admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId,
        ClientName: 'bench',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    )
  ).UserPoolClient.ClientId
  const Password = 'Bench-Password-1!'
  await admin.send(
    new AdminCreateUserCommand({ UserPoolId, Username: 'bench', MessageAction: 'SUPPRESS' }),
  )
  await admin.send(
    new AdminSetUserPasswordCommand({ UserPoolId, Username: 'bench', Password, Permanent: true }),
  )
  const signInBody = JSON.stringify({
    ClientId,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: 'bench', PASSWORD: Password },
  })
  const tokens = await (await json(worker.endpoint, 'InitiateAuth', signInBody)()).json()
  const getUserBody = JSON.stringify({ AccessToken: tokens.AuthenticationResult.AccessToken })
  // Warm-up: imports, key caches, the JIT.
  for (let i = 0; i < 20; i++)
    await (await json(worker.endpoint, 'GetUser', getUserBody)()).arrayBuffer()

  const results = []
  results.push(
    await phase('GET /health (baseline)', worker, 4, () => fetch(`${worker.endpoint}/health`)),
  )
  results.push(await phase('GetUser', worker, 4, json(worker.endpoint, 'GetUser', getUserBody)))
  results.push(
    await phase(
      'sign-in (USER_PASSWORD_AUTH)',
      worker,
      1,
      json(worker.endpoint, 'InitiateAuth', signInBody),
    ),
  )
  results.push(
    await phase(
      'sign-in (USER_PASSWORD_AUTH)',
      worker,
      4,
      json(worker.endpoint, 'InitiateAuth', signInBody),
    ),
  )

  // Refusals: the per-address limit (answered before the body is read) against a plain
  // NotAuthorizedException, on a worker whose per-address limit is on; the limited address is used
  // up first, so every request of that phase is refused, as every request of the other is.
  const limitedWorker = await startWorker([
    'SIGN_IN_LIMIT_PER_IP=3',
    'SIGN_IN_LIMIT_WINDOW_SECONDS=86400',
  ])
  try {
    const limitedAdmin = new CognitoIdentityProviderClient({
      endpoint: limitedWorker.endpoint,
      region: 'us-east-1',
      credentials: {
        accessKeyId: limitedWorker.accessKeyId,
        secretAccessKey: limitedWorker.secretAccessKey,
      },
    })
    const limitedPool = (
      await limitedAdmin.send(new CreateUserPoolCommand({ PoolName: 'limited' }))
    ).UserPool.Id
    const limitedClient = (
      await limitedAdmin.send(
        new CreateUserPoolClientCommand({
          UserPoolId: limitedPool,
          ClientName: 'limited',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
        }),
      )
    ).UserPoolClient.ClientId
    const limitedSignIn = () =>
      fetch(`${limitedWorker.endpoint}/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
          'cf-connecting-ip': '198.51.100.1',
        },
        body: JSON.stringify({
          ClientId: limitedClient,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'nobody', PASSWORD: Password },
        }),
      })
    for (let i = 0; i < 4; i++) await (await limitedSignIn()).arrayBuffer()
    const refused = await (await limitedSignIn()).json()
    if (refused.__type !== 'TooManyRequestsException')
      throw new Error(`bench set-up: the address was not limited: ${JSON.stringify(refused)}`)
    const badToken = json(
      limitedWorker.endpoint,
      'GetUser',
      JSON.stringify({ AccessToken: 'not.a.token' }),
    )
    results.push(await phase('refused: NotAuthorized (bad token)', limitedWorker, 4, badToken))
    results.push(await phase('refused: per-address limit', limitedWorker, 4, limitedSignIn))
  } finally {
    limitedWorker.stop()
  }

  // Code exchange, Portcullis vs oidc-provider: the same number of pre-minted single-use codes each.
  const oauthClient = (
    await admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId,
        ClientName: 'bench-oauth',
        ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid'],
        CallbackURLs: ['https://rp.example/cb'],
      }),
    )
  ).UserPoolClient.ClientId
  const ours = await portcullisCodes(worker.endpoint, oauthClient, EXCHANGES)
  results.push(
    await fixedPhase(
      'code exchange: Portcullis',
      workerdPids(worker.pid),
      4,
      ours.codes.map((code) =>
        form(`${worker.endpoint}/oauth2/token`, {
          grant_type: 'authorization_code',
          client_id: oauthClient,
          code,
          redirect_uri: 'https://rp.example/cb',
          code_verifier: ours.verifier,
        }),
      ),
    ),
  )
  const baseline = await startBaseline()
  try {
    const theirs = await (
      await fetch(`http://127.0.0.1:${baseline.port}/__mint?n=${EXCHANGES}`)
    ).json()
    results.push(
      await fixedPhase(
        'code exchange: oidc-provider (Node)',
        [baseline.pid],
        4,
        theirs.codes.map((code) =>
          form(theirs.tokenEndpoint, {
            grant_type: 'authorization_code',
            client_id: theirs.clientId,
            code,
            redirect_uri: theirs.redirectUri,
            code_verifier: theirs.verifier,
          }),
        ),
      ),
    )
  } finally {
    baseline.stop()
  }

  // Gateway vs a plain Hono pass-through proxy on the same runtime, to the same origin.
  const origin = await startOrigin()
  const passthrough = await startWorker(
    [`ORIGIN=${origin.url}`],
    ['-c', 'scripts/bench/passthrough.wrangler.toml'],
  )
  const webClient = (
    await admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId,
        ClientName: 'bench-gateway',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid'],
        CallbackURLs: ['http://localhost/_gateway/callback'],
      }),
    )
  ).UserPoolClient.ClientId
  const gatewayConfig = {
    providers: {
      pool: {
        issuer: `${worker.endpoint}/${UserPoolId}`,
        clientIds: [webClient],
        scopes: ['openid'],
      },
    },
    routes: [
      { path: '/api/*', origin: origin.url, provider: 'pool', unauthenticated: 'deny' },
      { path: '/app/*', origin: origin.url, provider: 'pool', unauthenticated: 'authenticate' },
    ],
  }
  const gateway = await startWorker([`GATEWAY_CONFIG=${JSON.stringify(gatewayConfig)}`])
  try {
    const bearer = (
      await (
        await json(
          worker.endpoint,
          'InitiateAuth',
          JSON.stringify({
            ClientId: webClient,
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: 'bench', PASSWORD: Password },
          }),
        )()
      ).json()
    ).AuthenticationResult.AccessToken
    const sessionCookie = await gatewaySessionCookie(gateway.appEndpoint)
    for (let i = 0; i < 20; i++)
      await (
        await fetch(`${gateway.appEndpoint}/api/x`, {
          headers: { authorization: `Bearer ${bearer}` },
        })
      ).arrayBuffer()
    results.push(
      await phase('proxy: plain Hono pass-through', passthrough, 4, () =>
        fetch(`${passthrough.endpoint}/api/x`),
      ),
    )
    results.push(
      await phase('proxy: gateway, bearer token', gateway, 4, () =>
        fetch(`${gateway.appEndpoint}/api/x`, { headers: { authorization: `Bearer ${bearer}` } }),
      ),
    )
    results.push(
      await phase('proxy: gateway, session cookie', gateway, 4, () =>
        fetch(`${gateway.appEndpoint}/app/x`, { headers: { cookie: sessionCookie } }),
      ),
    )
  } finally {
    gateway.stop()
    passthrough.stop()
    origin.close()
  }

  // What every Miniflare-run group of phases is given: the bench's phase runner and clock, and
  // (for those that sign users in) the same hashing and no sign-in limits as the phases above.
  const miniflarePhases = {
    root: resolve(dirname(fileURLToPath(import.meta.url)), '..'),
    phaseOn,
    phaseSeconds: PHASE_SECONDS,
    workerdPidsNow: () => workerdPids(process.pid),
  }
  const signInVars = {
    PASSWORD_HASH_ROUNDS: String(HASH_ROUNDS),
    DIRECTORY_PARTITIONS: '4',
    SIGN_IN_LIMIT_PER_IP: '0',
    SIGN_IN_LIMIT_PER_ACCOUNT: '0',
  }
  const identity = await identityPoolPhases({ ...miniflarePhases, extraVars: signInVars })
  results.push(...identity.results)
  const triggers = await triggerPhases({ ...miniflarePhases, extraVars: signInVars })
  results.push(...triggers.results)
  const sync = await syncPhases({ ...miniflarePhases, extraVars: {} })
  results.push(...sync.results)
  const risk = await riskPhases({ ...miniflarePhases, extraVars: signInVars })
  results.push(...risk.results)

  const hashing = `PBKDF2-HMAC-SHA256, ${HASH_ROUNDS} chained rounds x ${ITERATIONS_PER_ROUND.toLocaleString('en-US')} iterations (${(HASH_ROUNDS * ITERATIONS_PER_ROUND).toLocaleString('en-US')} in all), peppered`
  const ratio = results[0].perSecond / results[1].perSecond
  console.log(
    `\nPortcullis benchmark: wrangler dev (workerd) on 127.0.0.1, ${PHASE_SECONDS}s per phase, node ${process.version}`,
  )
  console.log(`password hashing: ${hashing}`)
  console.log(
    'identity-pool, trigger and sync phases: Portcullis and the Workers it is compared with in one workerd through Miniflare (no wrangler dev proxy)\n',
  )
  console.log(`${'phase'.padEnd(38)} conc   req/s    p50 ms   p99 ms   CPU ms/req  errors`)
  for (const r of results) {
    console.log(
      `${r.name.padEnd(38)} ${String(r.concurrency).padStart(4)} ${r.perSecond.toFixed(1).padStart(7)} ${r.p50ms.toFixed(2).padStart(9)} ${r.p99ms.toFixed(2).padStart(8)} ${r.cpuMsPerRequest.toFixed(2).padStart(11)} ${String(r.errors).padStart(7)}`,
    )
  }
  console.log(
    `\nGetUser costs ${ratio.toFixed(2)}x the requests/s of the trivial route on the same worker (baseline/GetUser).`,
  )
  const byName = (name) => results.find((r) => r.name === name)
  const plain = byName('proxy: plain Hono pass-through')
  for (const name of ['proxy: gateway, bearer token', 'proxy: gateway, session cookie']) {
    const r = byName(name)
    console.log(
      `${name}: ${(r.perSecond / plain.perSecond).toFixed(2)}x the pass-through's requests/s; +${(r.cpuMsPerRequest - plain.cpuMsPerRequest).toFixed(2)} ms CPU per request.`,
    )
  }
  const [ourExchange, theirExchange] = [
    byName('code exchange: Portcullis'),
    byName('code exchange: oidc-provider (Node)'),
  ]
  const exchangeRatio = ourExchange.perSecond / theirExchange.perSecond
  console.log(
    `Code exchange: Portcullis ${exchangeRatio.toFixed(2)}x oidc-provider's requests/s; CPU ${ourExchange.cpuMsPerRequest.toFixed(2)} vs ${theirExchange.cpuMsPerRequest.toFixed(2)} ms per exchange.`,
  )
  for (const line of [...identity.summary, ...triggers.summary, ...sync.summary, ...risk.summary])
    console.log(line)
  const [plainRefusal, limitedRefusal] = [
    byName('refused: NotAuthorized (bad token)'),
    byName('refused: per-address limit'),
  ]
  console.log(
    `A sign-in refused by the per-address limit: ${(limitedRefusal.perSecond / plainRefusal.perSecond).toFixed(2)}x the requests/s of a NotAuthorizedException, ${limitedRefusal.cpuMsPerRequest.toFixed(2)} vs ${plainRefusal.cpuMsPerRequest.toFixed(2)} ms CPU per request (every answer of both phases is a refusal, so each counts as an error).`,
  )
  mkdirSync('.portcullis', { recursive: true })
  writeFileSync(
    '.portcullis/bench.json',
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        phaseSeconds: PHASE_SECONDS,
        hashing,
        results: results.map(({ raw: _raw, ...result }) => result),
        getUserVsBaseline: ratio,
        codeExchangeVsOidcProvider: ourExchange.perSecond / theirExchange.perSecond,
        identityPools: identity.ratios,
        triggers: triggers.ratios,
        sync: sync.ratios,
        threatProtection: risk.ratios,
        rateLimitedVsNotAuthorized: limitedRefusal.perSecond / plainRefusal.perSecond,
      },
      null,
      2,
    )}\n`,
  )
} finally {
  worker.stop()
}

// Node micro-benchmarks (vitest bench, test/bench): JWT verification inside the gateway vs a bare
// crypto.subtle.verify of the same token; policy evaluation on Amplify's storage policy vs a
// JSON.parse of the same document and an evaluation with no policies.
spawnSync('npx', ['vitest', 'bench', '--run', '--config', 'vitest.bench.config.ts'], {
  stdio: 'inherit',
  env: { ...process.env, NO_COLOR: '1' },
})
