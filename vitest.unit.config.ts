import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    // Generous: a busy 2-core machine can take seconds over SRP arithmetic in JavaScript. No test
    // measures time; this only keeps a slow run from being called a failure.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'threads',
    // Files share a module graph per worker thread, as requests share a Worker isolate in
    // production: each test builds its own app (stores, clock, sessions), so only the per-isolate
    // caches are shared, and they must already be safe to share. Importing the app once per
    // thread instead of once per file takes the suite from about 50 s to under 20 s on 2 cores.
    isolate: false,
  },
})
