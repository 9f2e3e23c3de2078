import { cloudflareTest } from '@cloudflare/vitest-pool-workers'
import { unstable_getMiniflareWorkerOptions } from 'wrangler'
import { defineConfig } from 'vitest/config'

// Test-only secrets. The workers pool must never see the developer's .dev.vars.
const TEST_SECRETS = {
  ADMIN_KEYS: 'AKIAWORKERSTEST00000:workers-test-secret-access-key-0000000000',
  KEY_ENCRYPTION_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
  PASSWORD_PEPPER: 'workers-test-pepper',
  MESSAGE_WEBHOOK_SECRET: 'workers-test-webhook-secret',
  PASSWORD_HASH_ROUNDS: '1',
}

/**
 * Wrangler adds every secret in .dev.vars to the bindings unless it is handed a list of env files
 * (an option its types do not declare yet). Handing it one that does not exist reads nothing, so
 * the pool gets wrangler.toml's bindings, variables and Durable Object migrations, and the secrets
 * above, and nothing else. This replaces the plugin's `wrangler.configPath`, which always loads
 * .dev.vars.
 */
function workerOptionsFromWranglerToml() {
  const withoutLocalSecrets = { envFiles: ['test/workers/.env.none'] } as NonNullable<
    Parameters<typeof unstable_getMiniflareWorkerOptions>[2]
  >
  const { workerOptions, externalWorkers } = unstable_getMiniflareWorkerOptions(
    './wrangler.toml',
    undefined,
    withoutLocalSecrets,
  )
  return {
    ...workerOptions,
    bindings: { ...workerOptions.bindings, ...TEST_SECRETS },
    workers: externalWorkers,
  }
}

export default defineConfig({
  plugins: [
    cloudflareTest(() => ({ main: './src/index.ts', miniflare: workerOptionsFromWranglerToml() })),
  ],
  test: {
    include: ['test/workers/**/*.test.ts'],
    // Generous: the first test of a file also starts workerd's Durable Objects, which takes
    // seconds on a busy 2-core machine. No test measures time; this only keeps a slow start from
    // being called a failure.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
