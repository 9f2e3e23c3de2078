import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    // Generous: a busy 2-core machine can take seconds over SRP arithmetic in JavaScript. No test
    // measures time; this only keeps a slow run from being called a failure.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
