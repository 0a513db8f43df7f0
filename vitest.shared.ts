import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * Node resolves `graphql` to its CommonJS build while Vite would pick the ESM build for transformed
 * sources: two copies break `instanceof GraphQLError` and schema realm checks, so tests pin the one Node uses.
 */
export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
