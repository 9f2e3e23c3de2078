import { execFile } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { Log, LogLevel, Miniflare, type WorkerOptions as MiniflareWorker } from 'miniflare'
import { unstable_getMiniflareWorkerOptions } from 'wrangler'

/**
 * A running Worker on a loopback port, with fresh state and secrets: the bundle `wrangler deploy`
 * would upload, served by workerd through Miniflare with its Durable Objects, R2 and assets on
 * local storage. (Not `wrangler dev`: its proxy layer can exit the whole server on one transient
 * request error, workers-sdk #15317, fixed only in releases that need Node 22.)
 */
export interface RunningWorker {
  /** The auth host (the identity provider): `http://127.0.0.1:<port>`. */
  endpoint: string
  /** The same Worker as an app host (the gateway): `http://localhost:<port>`. */
  appEndpoint: string
  accessKeyId: string
  secretAccessKey: string
  /** Variables and secrets the worker was started with. */
  vars: Record<string, string>
  /** Everything the Worker printed so far (its console.error lines included). */
  log(): string
  /** Whether the Worker has been stopped. */
  exited(): boolean
  /**
   * Runs the same Worker again on the same port and state with `vars` added (for settings that
   * name things only the running Worker could create, such as a `self:` gateway provider's pool).
   */
  restart(vars: Record<string, string>): Promise<void>
  /**
   * A request to another Worker of the configurations (by its `name`), which no port serves; the
   * answer's text. The request ends with the answer, so it holds nothing of that Worker open.
   */
  fetchOther(workerName: string, url: string): Promise<string>
  stop(): Promise<void>
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

export interface WorkerOptions {
  vars?: Record<string, string>
  /** Wrangler configuration files, the first one the Worker answering on the port (default: wrangler.toml). */
  configs?: string[]
  /** Runs before the Worker starts, with its state directory (e.g. to seed local R2 with `wrangler r2 object put --local`). */
  seed?: (stateDir: string) => Promise<void>
  /** Ready when /health answers at all, not only 200 (a Worker expected to refuse its environment). */
  anyHealth?: boolean
  /** Variables of the other Workers (the second configuration on), e.g. a test server's URL. */
  otherVars?: Record<string, string>
  /** Miniflare options added to the first Worker's, e.g. bindings no wrangler.toml here declares. */
  miniflare?: Partial<MiniflareWorker>
  /** Keeps Miniflare's info lines in log() too (e.g. where a send_email binding stored a message). */
  infoLog?: boolean
}

const ROOT = resolve(import.meta.dirname, '..', '..', '..')
const run = promisify(execFile)
const bundleRoot = mkdtempSync(join(tmpdir(), 'portcullis-bundles-'))
process.once('exit', () => rmSync(bundleRoot, { recursive: true, force: true }))
const bundles = new Map<string, Promise<string>>()

/** The deployable bundle of a configuration (`wrangler deploy --dry-run`), built once per process. */
function bundleOf(config: string): Promise<string> {
  let built = bundles.get(config)
  if (!built) {
    const outdir = join(bundleRoot, createHash('sha256').update(config).digest('hex').slice(0, 12))
    built = run('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir, '-c', config], {
      cwd: ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' },
    }).then(() => join(outdir, 'index.js'))
    bundles.set(config, built)
  }
  return built
}

/** A Miniflare worker for a configuration: its bindings as wrangler reads them, its bundle as code. */
async function workerFor(config: string, vars: Record<string, string>): Promise<MiniflareWorker> {
  // No env files: the developer's .dev.vars must never reach a test Worker.
  const { workerOptions } = unstable_getMiniflareWorkerOptions(config, undefined, {
    envFiles: [join(ROOT, 'test', 'e2e', '.env.none')],
  } as NonNullable<Parameters<typeof unstable_getMiniflareWorkerOptions>[2]>)
  const script = await bundleOf(config)
  const name = /^name\s*=\s*"([^"]+)"/m.exec(readFileSync(config, 'utf8'))?.[1]
  return {
    ...(workerOptions as MiniflareWorker),
    ...(name ? { name } : {}),
    modules: true,
    modulesRoot: dirname(script),
    scriptPath: script,
    bindings: { ...(workerOptions.bindings as Record<string, string>), ...vars },
  } as MiniflareWorker
}

/** Captures what the Worker prints, for log() and for failures. */
class CapturingLog extends Log {
  constructor(
    private readonly sink: (line: string) => void,
    level: LogLevel = LogLevel.WARN,
  ) {
    super(level)
  }
  override log(message: string): void {
    this.sink(`${message}\n`)
  }
}

export async function startWorker(options: WorkerOptions = {}): Promise<RunningWorker> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-e2e-'))
  const accessKeyId = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`
  const secretAccessKey = randomBytes(30).toString('base64url').slice(0, 40)
  const vars: Record<string, string> = {
    ADMIN_KEYS: `${accessKeyId}:${secretAccessKey}`,
    KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    PASSWORD_PEPPER: randomBytes(32).toString('hex'),
    MESSAGE_WEBHOOK_SECRET: randomBytes(16).toString('hex'),
    DEV_OUTBOX: 'true',
    // The suites sign in hundreds of times from one address; rate-limits.test.ts checks the limits.
    SIGN_IN_LIMIT_PER_IP: '0',
    SIGN_IN_LIMIT_PER_ACCOUNT: '0',
    CODE_MESSAGES_PER_ACCOUNT_PER_HOUR: '0',
    ...options.vars,
  }
  const stateDir = join(dir, 'state')
  mkdirSync(stateDir, { recursive: true })
  await options.seed?.(stateDir)
  const configs = (options.configs ?? [join(ROOT, 'wrangler.toml')]).map((config) =>
    resolve(ROOT, config),
  )
  let output = ''
  const append = (text: string) => {
    output += text
  }
  const miniflareOptions = async () => ({
    host: '127.0.0.1',
    port,
    defaultPersistRoot: join(stateDir, 'v3'),
    // No network here: request.cf is the placeholder wrangler would fall back to.
    cf: false,
    log: new CapturingLog(append, options.infoLog ? LogLevel.INFO : LogLevel.WARN),
    handleRuntimeStdio(stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) {
      stdout.on('data', (chunk: Buffer) => append(chunk.toString()))
      stderr.on('data', (chunk: Buffer) => append(chunk.toString()))
    },
    workers: await Promise.all(
      configs.map(async (config, index) => {
        const worker = await workerFor(config, index === 0 ? vars : (options.otherVars ?? {}))
        return index === 0 ? ({ ...worker, ...options.miniflare } as MiniflareWorker) : worker
      }),
    ),
  })
  let miniflare = new Miniflare(await miniflareOptions())
  let stopped = false
  const endpoint = `http://127.0.0.1:${port}`
  const waitUntilUp = async () => {
    try {
      await miniflare.ready
    } catch (error) {
      throw new Error(`the Worker did not start: ${String(error)}\n${output}`)
    }
    const deadline = Date.now() + 60_000
    for (;;) {
      try {
        const response = await fetch(`${endpoint}/health`)
        await response.arrayBuffer()
        if (response.ok || (options.anyHealth && response.status >= 500)) return
      } catch {
        /* not up yet */
      }
      if (Date.now() > deadline)
        throw new Error(`the Worker did not answer within 60 s:\n${output}`)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
  await waitUntilUp()
  return {
    endpoint,
    appEndpoint: `http://localhost:${port}`,
    accessKeyId,
    secretAccessKey,
    vars,
    log: () => output,
    exited: () => stopped,
    async restart(extra) {
      Object.assign(vars, extra)
      await miniflare.dispose()
      miniflare = new Miniflare(await miniflareOptions())
      await waitUntilUp()
    },
    async fetchOther(workerName, url) {
      const other = await miniflare.getWorker(workerName)
      const response = await other.fetch(url)
      return response.text()
    },
    async stop() {
      if (stopped) return
      stopped = true
      await miniflare.dispose().catch(() => undefined)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
