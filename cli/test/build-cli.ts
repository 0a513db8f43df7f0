import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Vitest global setup: builds the CLI (scripts/build.ts, skipped when dist/current is up to date) before any test
 * runs bin/docker-mcp, so that the tests run the current code as fast as users do. A failed build fails the run.
 */
export default function buildCli(): void {
  const cliDir = fileURLToPath(new URL('..', import.meta.url));
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: cliDir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run build (cli) failed:\n${result.stdout}${result.stderr}`);
}
