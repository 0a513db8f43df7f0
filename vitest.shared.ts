import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * Tests import the workspace packages' sources, not their builds (dist/, which production runs): the
 * `@mcp-portal/source` export condition (see tsconfig.base.json), for Vite and for the Node processes tests start.
 */
const sourceCondition = '@mcp-portal/source';

/**
 * Node resolves `graphql` to its CommonJS build while Vite would pick the ESM build for transformed
 * sources: two copies break `instanceof GraphQLError` and schema realm checks, so tests pin the one Node uses.
 */
export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  // Vitest's own server conditions (Vite's without 'module') after the source one.
  ssr: { resolve: { conditions: [sourceCondition, 'node', 'development|production'] } },
  test: {
    env: { NODE_OPTIONS: [process.env.NODE_OPTIONS, `--conditions=${sourceCondition}`].filter(Boolean).join(' ') },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    // One worker runs a package's files one after another and keeps its module cache between them: the
    // platform's modules (Apollo, Pothos, drizzle, …) are imported once, not once per file (the subgraphs/auth
    // run: 244 s → 109 s, its import phase 105 s → 17 s). vitest.setup.ts gives each file the environment
    // as it was before it; files already close what they start.
    isolate: false,
    setupFiles: [fileURLToPath(new URL('./vitest.setup.ts', import.meta.url))],
  },
});
