/**
 * `npm run build` (in cli/): bundles the CLI with esbuild so that bin/docker-mcp starts it with plain node instead of
 * through tsx. Every file under src/commands becomes dist/<build>/commands/<topic>/<name>.js (found at build time,
 * so a new command file needs no list kept by hand), with the code they share in chunks; oclif reads the command ids,
 * flags and help from the build's oclif.manifest.json and imports only the file of the command that runs. The
 * packages from node_modules are bundled too (see bundledPackages), so a start reads a few files and no package.
 *
 * A build is written to its own folder and then made dist/current with one rename, so that CLIs starting while
 * another build runs (test runs of several people, say) always see a whole build. Without --force nothing is built
 * when dist/current is up to date: see bin/docker-mcp for the rule, which this script applies too.
 */
import { build, type Metafile, type Plugin as EsbuildPlugin } from 'esbuild';
import { Plugin, settings, type Interfaces } from '@oclif/core';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdir, readFile, readdir, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cliDir = fileURLToPath(new URL('..', import.meta.url));
const distDir = join(cliDir, 'dist');
const currentLink = join(distDir, 'current');
/** Written first in a build: a source changed after it (during the build too) makes the build out of date. */
const STAMP = 'stamp';
/** The files and folders (relative to cli/) a build depends on, one a line, for the up-to-date check. */
const SOURCES = 'sources';
/** Builds other than the current one are removed once this old (a CLI that is still running has loaded its command). */
const KEEP_OLD_BUILDS_MS = 10 * 60_000;

/** oclif's command file rule: every script under src/commands except declarations and tests. */
const isCommandFile = (name: string) => /\.(ts|js|mts|mjs)$/.test(name) && !/\.(d|test|spec)\.[mc]?[tj]s$/.test(name);

/** `commands/server/ls` → `<cli>/src/commands/server/ls.ts` for every command file, found by walking the folder. */
export function commandEntryPoints(commandsDir = join(cliDir, 'src', 'commands')): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (isCommandFile(entry.name))
        entries[
          join('commands', relative(commandsDir, path))
            .replace(/\.[^.]+$/, '')
            .split(sep)
            .join('/')
        ] = path;
    }
  };
  walk(commandsDir);
  return entries;
}

/** Loaded by oclif only to transpile TypeScript commands at run time, which the built CLI never does. */
const NEVER_BUNDLED = ['typescript', 'ts-node', 'tsx'];
/**
 * Optional native add-ons that ws `require`s inside a try (it works without them): left as imports, which fail and
 * fall back at run time as they would unbundled.
 */
const OPTIONAL_NATIVE = ['bufferutil', 'utf-8-validate'];
/** Bundled CommonJS code calls `require` (node's built-in modules among others): give every output file one. */
const REQUIRE_BANNER = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

const packageName = (path: string) =>
  path
    .split('/')
    .slice(0, path.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * Every package the CLI imports is bundled (with the workspace packages' TypeScript, which node cannot load):
 * node is slow to find, read and lex the hundreds of small files of @oclif/core, graphql, zod, ws… one by one at
 * each start, and a bundle tree-shakes what the commands never use.
 */
const bundledPackages: EsbuildPlugin = {
  name: 'bundled-packages',
  setup(context) {
    context.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = packageName(args.path);
      if (NEVER_BUNDLED.includes(name) || OPTIONAL_NATIVE.includes(name)) return { path: args.path, external: true };
      return undefined;
    });
  },
};

/**
 * Splitting code, esbuild gives a CommonJS package that is imported with `import()` only a default export, where
 * node gives its named exports too: src/lib/main.ts's `await import('@oclif/core')` gets a module that re-exports
 * them by name (the names @oclif/core has when this script runs).
 */
const oclifNamedExports: EsbuildPlugin = {
  name: 'oclif-named-exports',
  setup(context) {
    context.onResolve({ filter: /^@oclif\/core$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: '@oclif/core', namespace: 'oclif-named-exports' } : undefined,
    );
    context.onLoad({ filter: /.*/, namespace: 'oclif-named-exports' }, () => {
      const core = createRequire(import.meta.url)('@oclif/core') as Record<string, unknown>;
      const names = Object.keys(core).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default');
      return { contents: `import * as core from '@oclif/core';\nexport const { ${names.join(', ')} } = core;\n`, resolveDir: cliDir, loader: 'js' };
    });
  },
};

/**
 * zod's namespaces export every one of its ~50 locales (`z.locales`, 360 kB bundled, parsed at each start) while
 * zod itself uses English only and the CLI no other: the bundle's `locales` namespace has English alone.
 */
const zodEnglishOnly: EsbuildPlugin = {
  name: 'zod-english-only',
  setup(context) {
    context.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.split(sep).includes('zod') ? { path: join(args.resolveDir, '..', 'locales', 'index.js'), namespace: 'zod-english-only' } : undefined,
    );
    context.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({
      contents: "export { default as en } from './en.js';\n",
      resolveDir: join(args.path, '..'),
      loader: 'js',
    }));
  },
};

/**
 * `import.meta.url` in a source file keeps meaning that file (src/lib/plugin.ts finds cli/package.json and the
 * checkout from it), not the bundled file it ends up in.
 */
const sourceFileUrls: EsbuildPlugin = {
  name: 'source-file-urls',
  setup(context) {
    context.onLoad({ filter: /\/src\/.*\.ts$/ }, async (args) => {
      if (args.path.split(sep).includes('node_modules')) return undefined;
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

/**
 * What a build depends on, relative to cli/: every file it bundled from the repository, the src/commands folder, in
 * which a new command file is a change too, this script, and for the packages it bundled from node_modules npm's
 * record of what is installed there (node_modules/.package-lock.json, rewritten by every install that changes the
 * tree: the files npm unpacks keep the package's own, old, times).
 */
export function bundledSources(metafile: Metafile, commandsDir = join(cliDir, 'src', 'commands')): string[] {
  // Inputs such as `oclif-named-exports:@oclif/core` are made by a plugin, not read from a file.
  const inputs = Object.keys(metafile.inputs).filter((input) => !/^[\w-]+:/.test(input));
  const inNodeModules = (input: string) => input.split('/').includes('node_modules');
  const files = inputs.filter((input) => !inNodeModules(input));
  const installs = inputs
    .filter(inNodeModules)
    .map((input) => join(cliDir, input.slice(0, input.indexOf('node_modules/')), 'node_modules', '.package-lock.json'))
    .filter((path) => existsSync(path));
  const sources = [...files.map((input) => join(cliDir, input)), ...installs, commandsDir, fileURLToPath(import.meta.url)];
  return [...new Set(sources.map((source) => relative(cliDir, source)))].sort();
}

/** True when dist/current is a whole build and none of its sources (or, in a folder of them, any file) changed since it started. */
export async function isCurrentBuildUpToDate(): Promise<boolean> {
  let stampTime: number;
  let sources: string[];
  try {
    stampTime = (await stat(join(currentLink, STAMP))).mtimeMs;
    sources = (await readFile(join(currentLink, SOURCES), 'utf8')).split('\n').filter(Boolean);
  } catch {
    return false;
  }
  const changedSince = (path: string): boolean => {
    const info = statSync(path, { throwIfNoEntry: false });
    if (!info) return true;
    if (info.mtimeMs > stampTime) return true;
    return info.isDirectory() && readdirSync(path).some((name) => changedSince(join(path, name)));
  };
  return !sources.some((source) => changedSince(join(cliDir, source)));
}

/** Reads the built commands as oclif would without a manifest and returns the manifest `oclif manifest` would write. */
async function commandManifest(buildDir: string, pjson: Interfaces.PJSON): Promise<Interfaces.Manifest> {
  settings.enableAutoTranspile = false;
  const plugin = new Plugin({
    root: buildDir,
    isRoot: true,
    pjson: { ...pjson, oclif: { ...pjson.oclif, commands: './commands' } },
    ignoreManifest: true,
    errorOnManifestCreate: true,
    respectNoCacheDefault: true,
  });
  await plugin.load();
  return plugin.manifest;
}

async function removeOldBuilds(current: string): Promise<void> {
  for (const name of await readdir(distDir)) {
    if (!name.startsWith('build-') || name === current) continue;
    const path = join(distDir, name);
    // Another build may be removing it at the same time.
    const info = await stat(path).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > KEEP_OLD_BUILDS_MS) await rm(path, { recursive: true, force: true });
  }
}

/** Builds the CLI into dist/build-<time>-<pid> and makes it dist/current; returns the build's folder. */
export async function buildCli(): Promise<string> {
  const name = `build-${Date.now()}-${process.pid}`;
  const buildDir = join(distDir, name);
  await mkdir(buildDir, { recursive: true });
  await writeFile(join(buildDir, STAMP), '');
  const result = await build({
    absWorkingDir: cliDir,
    entryPoints: { ...commandEntryPoints(), run: join(cliDir, 'bin', 'run-built.ts') },
    outdir: buildDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // The workspace packages' sources (see tsconfig.base.json), not their builds; `module` is esbuild's default,
    // which a list of conditions replaces.
    conditions: ['@mcp-portal/source', 'module'],
    // Packages without `exports` by their ES module build when they have one (jsonc-parser's CommonJS one is UMD,
    // whose `require`s of its own files esbuild cannot follow); node's default is `main` first.
    mainFields: ['module', 'main'],
    chunkNames: 'chunks/[name]-[hash]',
    plugins: [oclifNamedExports, zodEnglishOnly, bundledPackages, sourceFileUrls],
    banner: { js: REQUIRE_BANNER },
    metafile: true,
    logLevel: 'warning',
  });
  const pjson = JSON.parse(await readFile(join(cliDir, 'package.json'), 'utf8')) as Interfaces.PJSON;
  await writeFile(join(buildDir, 'oclif.manifest.json'), `${JSON.stringify(await commandManifest(buildDir, pjson), null, 2)}\n`);
  await writeFile(join(buildDir, SOURCES), `${bundledSources(result.metafile).join('\n')}\n`);
  const link = join(distDir, `.current-${process.pid}`);
  await rm(link, { force: true });
  await symlink(name, link);
  await rename(link, currentLink);
  await removeOldBuilds(name);
  return buildDir;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const force = process.argv.includes('--force');
  if (!force && existsSync(currentLink) && (await isCurrentBuildUpToDate())) {
    process.stdout.write(`The CLI build ${relative(cliDir, currentLink)} is up to date.\n`);
  } else {
    process.stdout.write(`Built the CLI into ${relative(cliDir, await buildCli())}\n`);
  }
}
