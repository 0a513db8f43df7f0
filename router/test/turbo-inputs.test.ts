import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

/**
 * turbo replays a cached typecheck or lint when its inputs did not change: the package's own files, the root files
 * its turbo.json entry lists, and (through the `transit` task) the files of every workspace package it depends on in
 * package.json. A source that imports a workspace package it does not declare, or a file outside its folder that
 * turbo.json does not list, would leave a stale result in the cache: this test names any such import.
 */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface TurboTask {
  dependsOn?: string[];
  inputs?: string[];
}
interface Workspace {
  name: string;
  dir: string;
  dependencies: string[];
}

const readJson = <T>(path: string) => JSON.parse(readFileSync(join(repoRoot, path), 'utf8')) as T;

function workspaces(): Workspace[] {
  const root = readJson<{ workspaces: string[] }>('package.json');
  return root.workspaces.map((dir) => {
    const manifest = readJson<{ name: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> }>(join(dir, 'package.json'));
    const declared = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
    return { name: manifest.name, dir, dependencies: declared.filter((name) => name.startsWith('@mcp-portal/')) };
  });
}

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(join(repoRoot, folder), { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!['node_modules', 'dist', '.turbo', 'coverage'].includes(entry.name)) walk(path);
      } else if (/\.(ts|tsx|mts|mjs|js)$/.test(entry.name)) files.push(path);
    }
  };
  walk(dir);
  return files;
}

/** Every module specifier of static imports, re-exports and `import()` with a string literal. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)) found.push(match[1]!);
  return found;
}

/** `$TURBO_ROOT$/router/src/**` → a test of repository-relative paths. */
function rootInputMatcher(inputs: string[]): (path: string) => boolean {
  const patterns = inputs
    .filter((input) => input.startsWith('$TURBO_ROOT$/'))
    .map((input) => {
      const glob = input.slice('$TURBO_ROOT$/'.length).split(/(\*\*|\*)/);
      const source = glob.map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))).join('');
      return new RegExp(`^${source}$`);
    });
  return (path) => patterns.some((pattern) => pattern.test(path));
}

it('every file a package imports from outside its folder is an input of its typecheck and lint in turbo.json', () => {
  const turbo = readJson<{ tasks: Record<string, TurboTask> }>('turbo.json');
  expect(turbo.tasks.transit?.dependsOn).toEqual(['^transit']);
  const all = workspaces();
  const byName = new Map(all.map((workspace) => [workspace.name, workspace]));
  const closure = (name: string, seen = new Set<string>()): Set<string> => {
    for (const dependency of byName.get(name)?.dependencies ?? []) {
      if (seen.has(dependency)) continue;
      seen.add(dependency);
      closure(dependency, seen);
    }
    return seen;
  };

  const uncovered: string[] = [];
  for (const workspace of all) {
    const reachable = closure(workspace.name);
    const folders = [workspace.dir, ...[...reachable].map((name) => byName.get(name)!.dir)];
    const inFolders = (path: string) => folders.some((folder) => path === folder || path.startsWith(`${folder}/`));
    for (const taskName of ['typecheck', 'lint']) {
      const task = turbo.tasks[`${workspace.name}#${taskName}`] ?? turbo.tasks[taskName];
      expect(task?.dependsOn, `${workspace.name}#${taskName}`).toContain('transit');
      const listed = rootInputMatcher(task?.inputs ?? []);
      const covered = (path: string) => inFolders(path) || listed(path);
      for (const file of sourceFiles(workspace.dir)) {
        for (const specifier of specifiers(readFileSync(join(repoRoot, file), 'utf8'))) {
          let target: string | undefined;
          if (specifier.startsWith('.')) {
            const path = resolve(repoRoot, dirname(file), specifier);
            // A specifier in a string (a test that writes a source file) names no file here.
            if (!existsSync(path)) continue;
            target = relative(repoRoot, path).split(sep).join('/');
          } else {
            const name = specifier.split('/').slice(0, 2).join('/');
            const imported = specifier.startsWith('@mcp-portal/') ? byName.get(name) : undefined;
            if (!imported) continue;
            // The package's files a deep import can reach: its src (exports) and its package.json.
            target = `${imported.dir}/src/index.ts`;
          }
          if (!covered(target)) uncovered.push(`${workspace.name}#${taskName}: ${file} imports ${specifier}`);
        }
      }
    }
  }
  expect(uncovered, 'declare the package as a dependency, or list its files as $TURBO_ROOT$ inputs of the task in turbo.json').toEqual([]);
});
