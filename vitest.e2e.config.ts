import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/support/global-setup.ts'],
    setupFiles: ['test/e2e/support/fresh-connections.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    // Tests share one worker; files run in parallel against it like independent apps would.
    fileParallelism: true,
    maxWorkers: 2,
  },
})
