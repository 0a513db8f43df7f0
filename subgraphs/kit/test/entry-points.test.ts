import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The rule of every server package (issue 11): settings are parsed once, at each entry point, into typed
 * objects passed down; nothing else reads or writes process.env, and nothing else prints to stdout (logs go
 * through the logger). A source scan of the five subgraphs, the kit, the router and the gateway-proxy.
 */
const repository = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const scanned = [
  'subgraphs/auth/src',
  'subgraphs/servers/src',
  'subgraphs/config/src',
  'subgraphs/executor/src',
  'subgraphs/dcr/src',
  'subgraphs/kit/src',
  'router/src',
  'platform/src',
  'gateway-proxy/src',
];

/** The processes' entry points: they hand process.env to the settings readers and may print to stdout. */
const entryPoints = [
  'subgraphs/auth/src/main.ts',
  'subgraphs/servers/src/main.ts',
  'subgraphs/config/src/main.ts',
  'subgraphs/executor/src/main.ts',
  'subgraphs/dcr/src/main.ts',
  'router/src/main.ts',
  'platform/src/main.ts',
  'gateway-proxy/src/main.ts',
];

/** Besides the entry points, who may touch process.env, and why. */
const environmentAllowed: Record<string, string> = {
  // @apollo/gateway reads APOLLO_TELEMETRY_DISABLED from process.env when a gateway is made; it has no option.
  'router/src/telemetry.ts': 'turns Apollo telemetry off unless the operator chose',
  // The host's PATH: where a `command:` entry's program is looked for (the process runtime hands servers this PATH).
  'subgraphs/servers/src/services/catalog-run.ts': 'isProgramAvailable looks the program up on PATH',
};

/** Besides the entry points, who may write to stdout, and why. */
const stdoutAllowed: Record<string, string> = {
  // The body of each subgraph's main.ts (one copy for five): prints the startup notices once.
  'subgraphs/kit/src/standalone.ts': 'runStandaloneSubgraph, called only by the subgraphs main.ts',
  // A build script (npm run compose), not a service.
  'platform/src/compose/write-supergraph.ts': 'says which file it wrote',
};

/** Test support (src/testing): the test process's own environment, e.g. LOG_LEVEL for a harness's logger. */
const isTestSupport = (path: string) => path.includes('/src/testing/');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The code without its comments, so that a comment may name process.env. */
const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

const files = scanned
  .flatMap((folder) => sourceFiles(join(repository, folder)))
  .map((path) => ({
    path: relative(repository, path),
    code: withoutComments(readFileSync(path, 'utf8')),
  }));

function offenders(pattern: RegExp, allowed: Record<string, string>): string[] {
  return files
    .filter(({ path }) => !entryPoints.includes(path) && !(path in allowed) && !isTestSupport(path))
    .filter(({ code }) => pattern.test(code))
    .map(({ path }) => path);
}

describe('settings and stdout belong to the entry points', () => {
  it('scans the sources it means to (the entry points and the allowed files exist)', () => {
    expect(files.length).toBeGreaterThan(100);
    const paths = new Set(files.map((file) => file.path));
    for (const path of [...entryPoints, ...Object.keys(environmentAllowed), ...Object.keys(stdoutAllowed)]) expect(paths, path).toContain(path);
  });

  it('no source file but an entry point reads or writes process.env', () => {
    expect(offenders(/process\.env\b/, environmentAllowed)).toEqual([]);
  });

  it('no source file but an entry point prints to stdout', () => {
    expect(offenders(/process\.stdout\.write\b|console\.(log|info|debug|table|dir)\b/, stdoutAllowed)).toEqual([]);
  });

  it('would catch a factory that reads process.env or a service that prints', () => {
    const code = withoutComments("// process.env in a comment is fine\nconst level = process.env.LOG_LEVEL;\nconsole.log('hello');");
    expect(/process\.env\b/.test(code)).toBe(true);
    expect(/process\.stdout\.write\b|console\.(log|info|debug|table|dir)\b/.test(code)).toBe(true);
    expect(/process\.env\b/.test(withoutComments('/** reads process.env */\nconst x = 1; // process.env'))).toBe(false);
  });
});
