import { cloudflareTest } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'

// Test-only secrets: the workers pool never reads .dev.vars.
const TEST_BINDINGS = {
  ADMIN_KEYS: 'AKIAWORKERSTEST00000:workers-test-secret-access-key-0000000000',
  KEY_ENCRYPTION_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
  PASSWORD_PEPPER: 'workers-test-pepper',
  PASSWORD_HASH_ROUNDS: '1',
}

export default defineConfig({
  plugins: [
    cloudflareTest({
      main: './src/index.ts',
      wrangler: { configPath: './wrangler.toml' },
      miniflare: { bindings: TEST_BINDINGS },
    }),
  ],
  test: {
    include: ['test/workers/**/*.test.ts'],
  },
})
