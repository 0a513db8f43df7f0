import { spawnSync } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = fileURLToPath(new URL('..', import.meta.url));
/** What the bundle is made of: the portal's sources and the schema package's operations it imports. */
const inputs = ['src', 'index.html', 'vite.config.ts', 'package.json', '../schema/src'].map((path) => join(webDir, path));

async function newestChange(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path, { withFileTypes: true });
  const times = await Promise.all(entries.map((entry) => newestChange(join(path, entry.name))));
  return Math.max(info.mtimeMs, ...times);
}

async function builtAt(): Promise<number | null> {
  return stat(join(webDir, 'dist', 'index.html')).then(
    (info) => info.mtimeMs,
    () => null,
  );
}

/**
 * Vitest global setup: the browser tests load the production build the router serves, so build it
 * (`vite build`) unless dist is newer than everything it is made of — as it is when turbo ran web#build
 * just before (web#test depends on it), which saves a second build in `npm test`. A failed build fails the run.
 */
export default async function buildWeb(): Promise<void> {
  const built = await builtAt();
  if (built !== null && built >= Math.max(...(await Promise.all(inputs.map(newestChange))))) return;
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build'], { cwd: webDir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`vite build (web) failed:\n${result.stdout}${result.stderr}`);
}
