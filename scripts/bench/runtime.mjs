// What the Miniflare-based phases of `npm run bench` share: Portcullis's deployable bundle in one
// workerd beside the other Workers a phase compares it with, and phases measured interleaved.
import { execFile } from 'node:child_process'
import { createHash, createHmac } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { Log, LogLevel, Miniflare } from 'miniflare'
import { unstable_getMiniflareWorkerOptions } from 'wrangler'

const run = promisify(execFile)

/** SHA-256 and HMAC-SHA-256 in the shape SignatureV4 takes, from node:crypto. */
export class Sha256 {
  constructor(secret) {
    this.hash = secret ? createHmac('sha256', secret) : createHash('sha256')
  }
  update(data) {
    this.hash.update(data)
  }
  async digest() {
    return new Uint8Array(this.hash.digest())
  }
}

/**
 * A pool (with `LambdaConfig` when given), an app client allowing USER_PASSWORD_AUTH and refresh,
 * and a confirmed user `bench` with `password`, made through the admin API client `idp`.
 */
export async function benchPoolAndUser(idp, { name, password, LambdaConfig }) {
  const UserPoolId = (
    await idp.send(
      new CreateUserPoolCommand({ PoolName: name, ...(LambdaConfig ? { LambdaConfig } : {}) }),
    )
  ).UserPool.Id
  const ClientId = (
    await idp.send(
      new CreateUserPoolClientCommand({
        UserPoolId,
        ClientName: name,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    )
  ).UserPoolClient.ClientId
  await idp.send(
    new AdminCreateUserCommand({ UserPoolId, Username: 'bench', MessageAction: 'SUPPRESS' }),
  )
  await idp.send(
    new AdminSetUserPasswordCommand({
      UserPoolId,
      Username: 'bench',
      Password: password,
      Permanent: true,
    }),
  )
  return { UserPoolId, ClientId }
}

/**
 * Portcullis (the bundle `wrangler deploy` would upload, with `vars` and the `portcullis` worker
 * options added) and `others` in one Miniflare; returns Portcullis's URLs, the direct URL of the
 * worker named `direct` (if any) and the new workerd pids.
 */
export async function startPortcullis(root, dir, vars, workerdPidsNow, options = {}) {
  const outdir = join(dir, 'bundle')
  await run('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir, '-c', 'wrangler.toml'], {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' },
  })
  const noEnv = join(dir, 'none.env')
  writeFileSync(noEnv, '')
  const { workerOptions } = unstable_getMiniflareWorkerOptions(
    join(root, 'wrangler.toml'),
    undefined,
    { envFiles: [noEnv] },
  )
  const before = new Set(workerdPidsNow())
  const miniflare = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    defaultPersistRoot: join(dir, 'state'),
    cf: false,
    log: new Log(LogLevel.ERROR),
    workers: [
      {
        ...workerOptions,
        name: 'portcullis',
        modules: true,
        modulesRoot: outdir,
        scriptPath: join(outdir, 'index.js'),
        bindings: { ...workerOptions.bindings, ...vars },
        ...options.portcullis,
      },
      ...(options.others ?? []).map((worker) => ({
        compatibilityDate: workerOptions.compatibilityDate,
        ...worker,
      })),
    ],
  })
  const url = await miniflare.ready
  const directUrl = options.direct ? await miniflare.unsafeGetDirectURL(options.direct) : undefined
  const pids = workerdPidsNow().filter((pid) => !before.has(pid))
  return {
    endpoint: `http://127.0.0.1:${url.port}`,
    appEndpoint: `http://localhost:${url.port}`,
    ...(directUrl ? { directEndpoint: directUrl.origin } : {}),
    pids,
    stop: () => miniflare.dispose(),
  }
}

/** One phase's figures from parts measured at different times (as `timed` reports them). */
function combine(parts) {
  const latencies = parts.flatMap((part) => part.raw.latencies).sort((a, b) => a - b)
  const elapsed = parts.reduce((sum, part) => sum + part.raw.elapsed, 0)
  const cpu = parts.reduce((sum, part) => sum + part.raw.cpu, 0)
  const pick = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]
  return {
    name: parts[0].name,
    concurrency: parts[0].concurrency,
    requests: latencies.length,
    errors: parts.reduce((sum, part) => sum + part.errors, 0),
    perSecond: latencies.length / elapsed,
    p50ms: pick(0.5),
    p99ms: pick(0.99),
    cpuMsPerRequest: (cpu * 1000) / latencies.length,
    raw: { latencies, elapsed, cpu },
  }
}

/**
 * Phases compared with each other, measured in halves in the order A B … B A, so that a change in
 * the machine's load during the run (other processes on a shared machine) weighs on every phase
 * alike; each phase gets `seconds` in all, at concurrency 4.
 */
export async function interleaved(phaseOn, pids, seconds, phases) {
  const parts = new Map(phases.map(([name]) => [name, []]))
  for (const [name, makeRequest] of [...phases, ...[...phases].reverse()])
    parts.get(name).push(await phaseOn(name, pids, 4, makeRequest, seconds / 2))
  return phases.map(([name]) => combine(parts.get(name)))
}
