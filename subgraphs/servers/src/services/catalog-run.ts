import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { z } from 'zod';
import type { CatalogRun } from './catalog-entry.ts';

/** The program, arguments and extra environment that start a `run:` entry as a local stdio MCP server. */
export interface ProcessCommandLine {
  command: string;
  args: string[];
  env: Record<string, string>;
}

export class RunResolutionError extends Error {}

const requireHere = createRequire(import.meta.url);

/**
 * The folder of an installed npm package, looked up the way `require.resolve` does from this package
 * (its node_modules, then the workspace root's, …). Reading `<name>/package.json` directly rather than
 * `require.resolve(name)` also finds packages whose `exports` hide their package.json or have no main.
 */
export function packageDirectory(packageName: string): string | null {
  for (const folder of requireHere.resolve.paths(packageName) ?? []) {
    const manifest = join(folder, packageName, 'package.json');
    if (existsSync(manifest)) return dirname(manifest);
  }
  return null;
}

export const isInstalledPackage = (packageName: string): boolean => packageDirectory(packageName) !== null;

const manifestSchema = z.object({
  name: z.string(),
  bin: z.union([z.string(), z.record(z.string(), z.string())]).optional(),
});

/** The bin script of a package: the one named `bin`, else its only one, else the one named like the package. */
function binScript(directory: string, packageName: string, bin: string | null): string {
  const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')));
  const unscoped = packageName.split('/').pop() ?? packageName;
  const bins = typeof manifest.bin === 'string' ? { [unscoped]: manifest.bin } : (manifest.bin ?? {});
  const names = Object.keys(bins);
  const chosen = bin ?? (names.length === 1 ? names[0] : names.find((name) => name === unscoped));
  const relative = chosen === undefined ? undefined : bins[chosen];
  if (relative === undefined) {
    const known = names.length > 0 ? names.join(', ') : 'none';
    throw new RunResolutionError(`${packageName} has no bin script${bin ? ` named ${bin}` : ' to choose'} (its bins: ${known}); set run.bin.`);
  }
  const script = resolve(directory, relative);
  if (!script.startsWith(directory + sep)) throw new RunResolutionError(`The bin script of ${packageName} lies outside the package.`);
  return script;
}

/**
 * How to start a `run:` entry: an npm package becomes this Node running the package's bin script (found
 * at start, never a hard-coded node_modules path); a plain command is taken as written.
 */
export function resolveRun(run: CatalogRun): ProcessCommandLine {
  const env = Object.fromEntries(run.env.map(({ name, value }) => [name, value]));
  if (!run.package) return { command: run.command, args: [...run.args], env };
  const directory = packageDirectory(run.package);
  if (!directory) {
    throw new RunResolutionError(`${run.package} is not installed: add it with npm install -w @mcp-portal/servers ${run.package}.`);
  }
  return { command: process.execPath, args: [binScript(directory, run.package, run.bin), ...run.args], env };
}

const isExecutableFile = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/**
 * Whether `command` can be started here: a path must be an executable file, a bare name must be one in a
 * folder of PATH (the process runtime hands servers this process's PATH).
 */
export function isProgramAvailable(command: string): boolean {
  if (command.includes('/') || command.includes(sep)) return isExecutableFile(isAbsolute(command) ? command : resolve(command));
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .some((folder) => isExecutableFile(join(folder, command)));
}

/** Why a `run:` entry cannot start as a local process here (a package not installed, a program not found), or null. */
export function runProblem(run: CatalogRun): string | null {
  let commandLine: ProcessCommandLine;
  try {
    commandLine = resolveRun(run);
  } catch (error) {
    if (error instanceof RunResolutionError) return error.message;
    throw error;
  }
  if (!isProgramAvailable(commandLine.command)) return `The program ${commandLine.command} is not installed here (not found on PATH).`;
  return null;
}
