import { spawnSync } from 'node:child_process';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = fileURLToPath(new URL('..', import.meta.url));
/** What the bundle is made of: the portal's sources and the schema package's operations it imports. */
const inputs = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json', '../schema/src'].map((path) => join(webDir, path));

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
 * Builds the portal (`vite build`) unless dist is newer than everything it is made of: `npm start` and the
 * browser tests' global setup (test/build-web.ts) both call it, so a start or a test run after turbo's web#build
 * builds nothing. A failed build throws with vite's output.
 *
 * Platforms started by tests and by `npm start` serve dist while another build may run (the portal's first-run
 * test runs the README's `npm start` beside other suites), so a build never empties the folder they read: it goes
 * to a folder of its own, which then takes dist's place by renames.
 */
export async function buildWebIfStale(): Promise<void> {
  const built = await builtAt();
  if (built !== null && built >= Math.max(...(await Promise.all(inputs.map(newestChange))))) return;
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  const next = `dist.next-${process.pid}`;
  const result = spawnSync(process.execPath, [vite, 'build', '--outDir', next, '--emptyOutDir'], { cwd: webDir, encoding: 'utf8' });
  if (result.status !== 0) {
    await rm(join(webDir, next), { recursive: true, force: true });
    throw new Error(`vite build (web) failed:\n${result.stdout}${result.stderr}`);
  }
  const previous = join(webDir, `dist.previous-${process.pid}`);
  await rename(join(webDir, 'dist'), previous).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  await rename(join(webDir, next), join(webDir, 'dist'));
  await rm(previous, { recursive: true, force: true });
}

// `node --import tsx scripts/build-if-stale.ts` (npm run build:if-stale): the same, as a command.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await buildWebIfStale();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
