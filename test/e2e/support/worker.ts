import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A running `wrangler dev` on a loopback port, with fresh state and secrets. */
export interface RunningWorker {
  /** The auth host (the identity provider): `http://127.0.0.1:<port>`. */
  endpoint: string
  /** The same Worker as an app host (the gateway): `http://localhost:<port>`. */
  appEndpoint: string
  accessKeyId: string
  secretAccessKey: string
  /** KEY=VALUE variables the worker was started with (secrets included). */
  vars: Record<string, string>
  /** Everything wrangler printed so far (the Worker's console.error lines included). */
  log(): string
  /** Whether wrangler has exited (it should not before stop()). */
  exited(): boolean
  /**
   * Starts the same Worker again on the same port and state with `vars` added (for settings that
   * name things only the running Worker could create, such as a `self:` gateway provider's pool).
   */
  restart(vars: Record<string, string>): Promise<void>
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

/**
 * Starts the real worker (workerd through `wrangler dev`) with persisted Durable Objects in a
 * temporary directory, waits until it answers, and returns how to reach and stop it.
 */
export interface WorkerOptions {
  vars?: Record<string, string>
  /** Wrangler configuration files, the first one the Worker answering on the port (default: wrangler.toml). */
  configs?: string[]
  /** Runs before the Worker starts, with its state directory (e.g. to seed local R2 with `wrangler r2 object put --local`). */
  seed?: (stateDir: string) => Promise<void>
  /** Starts wrangler again, on the same port and state, if it exits on its own (the suite's shared Worker). */
  restartOnCrash?: boolean
  /** Ready when /health answers at all, not only 200 (a Worker expected to refuse its environment). */
  anyHealth?: boolean
}

export async function startWorker(options: WorkerOptions = {}): Promise<RunningWorker> {
  const port = await freePort()
  const inspectorPort = await freePort()
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
  const envFile = join(dir, 'test.env')
  const writeEnvFile = () =>
    writeFileSync(
      envFile,
      `${Object.entries(vars)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n')}\n`,
    )
  writeEnvFile()
  await options.seed?.(join(dir, 'state'))
  const args = [
    'wrangler',
    'dev',
    ...(options.configs ?? []).flatMap((config) => ['-c', config]),
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--inspector-port',
    String(inspectorPort),
    '--persist-to',
    join(dir, 'state'),
    '--env-file',
    envFile,
    '--show-interactive-dev-session=false',
    '--log-level',
    'warn',
  ]
  let output = ''
  let stopping = false
  let restarts = 0
  const spawnWrangler = (): ChildProcess => {
    const started = spawn('npx', args, {
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    started.once('exit', (code, signal) => {
      if (stopping || !options.restartOnCrash || restarts >= 3) return
      restarts++
      // Whatever of the old process group is left (workerd) must not keep the port.
      try {
        if (started.pid) process.kill(-started.pid, 'SIGKILL')
      } catch {
        /* already gone */
      }
      // wrangler 4.86 (the last to run on Node 20) can exit on a request-scoped ProxyWorker error
      // (workers-sdk #15317). Say so, and bring the same Worker back on the same port and state.
      console.error(
        `wrangler dev exited during the run (code ${code}, signal ${signal}); restarting it. What it printed last:\n${output.slice(-5_000)}`,
      )
      child = spawnWrangler()
    })
    return started
  }
  let child = spawnWrangler()
  const endpoint = `http://127.0.0.1:${port}`
  const waitUntilUp = async () => {
    const deadline = Date.now() + 60_000
    for (;;) {
      if (child.exitCode !== null && !options.restartOnCrash)
        throw new Error(`wrangler dev exited early:\n${output}`)
      try {
        const response = await fetch(`${endpoint}/health`)
        if (response.ok || (options.anyHealth && response.status >= 500)) return
      } catch {
        /* not up yet */
      }
      if (Date.now() > deadline) {
        stopping = true
        child.kill('SIGKILL')
        throw new Error(`wrangler dev did not answer within 60 s:\n${output}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
  const stopChild = async () => {
    if (child.exitCode !== null || !child.pid) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    try {
      process.kill(-child.pid, 'SIGTERM')
    } catch {
      /* already gone */
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))])
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL')
      } catch {
        /* already gone */
      }
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
    exited: () => child.exitCode !== null || child.signalCode !== null,
    async restart(extra) {
      stopping = true
      await stopChild()
      Object.assign(vars, extra)
      writeEnvFile()
      stopping = false
      child = spawnWrangler()
      await waitUntilUp()
    },
    async stop() {
      stopping = true
      await stopChild()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
