import { defineConfig } from 'vitest/config';

// Tests mirror src/; the browser test starts Chromium, so it gets a longer timeout of its own.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
