import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests each start a real server; two cores, so keep the parallelism modest.
    maxWorkers: 2,
  },
});
