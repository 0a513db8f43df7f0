import { afterAll } from 'vitest';

/**
 * The test files of a package share one worker and its module cache (`isolate: false` in vitest.shared.ts):
 * importing the platform once instead of once per file halves a package's run. Many files set process.env
 * for the platform they start (MCP_RUNTIME, limits, paths), so each file gets the environment as it was
 * before it, and its changes end with it.
 */
const environmentBefore = { ...process.env };

afterAll(() => {
  for (const name of Object.keys(process.env)) {
    if (!(name in environmentBefore)) delete process.env[name];
  }
  Object.assign(process.env, environmentBefore);
});
