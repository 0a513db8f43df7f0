import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../vitest.shared.ts';

/**
 * Tests only (kept apart from vite.config.ts, which builds the bundle): the shared settings pin the
 * CommonJS `graphql` that the router under test uses; the browser test runs in Node and drives Chromium.
 * test/build-web.ts builds the portal first unless dist is up to date.
 */
export default mergeConfig(
  shared,
  defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
      environment: 'node',
      globalSetup: ['test/build-web.ts'],
    },
  }),
);
