import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { expect, it } from 'vitest';

/**
 * `npm run typecheck` and lint's type-aware rules read two TypeScript programs: the root tsconfig.json (every Node
 * package) and web/tsconfig.json (the portal). A source file left out of both would be checked by neither, and a
 * package tsconfig.json (what editors and tsx read) that drifted from the root program would show other errors
 * in an editor than in CI.
 */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

function programFiles(tsconfig: string): { files: Set<string>; options: ts.CompilerOptions } {
  const path = join(repoRoot, tsconfig);
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => expect.fail(String(diagnostic.messageText)) },
  );
  if (!parsed) throw new Error(`${tsconfig} could not be read`);
  expect(parsed.errors.map((error) => ts.flattenDiagnosticMessageText(error.messageText, '\n'))).toEqual([]);
  return { files: new Set(parsed.fileNames.map((file) => file.slice(repoRoot.length))), options: parsed.options };
}

const trackedSources = () =>
  execFileSync('git', ['ls-files', '*.ts', '*.tsx', '*.mts', '*.cts'], { cwd: repoRoot, encoding: 'utf8' }).split('\n').filter(Boolean);

const workspaceDirs = () => (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;

it('checks every TypeScript source in one of the two programs, and none in both', () => {
  const node = programFiles('tsconfig.json').files;
  const web = programFiles('web/tsconfig.json').files;
  // Vitest's own configs are read by vitest before any tsconfig applies; lint reads them without types.
  const unchecked = trackedSources().filter((file) => !node.has(file) && !web.has(file) && !file.endsWith('/vitest.config.ts'));
  expect(unchecked, 'add these to the include of tsconfig.json (or web/tsconfig.json)').toEqual([]);
  expect([...node].filter((file) => web.has(file))).toEqual([]);
  expect(web.has('web/src/main.tsx')).toBe(true);
  expect(node.has('subgraphs/auth/src/index.ts')).toBe(true);
});

it('gives each Node package the root program: its tsconfig.json has the same options and no file outside it', () => {
  const root = programFiles('tsconfig.json');
  const outside: string[] = [];
  for (const dir of workspaceDirs().filter((dir) => dir !== 'web')) {
    const own = programFiles(join(dir, 'tsconfig.json'));
    expect({ ...own.options, configFilePath: undefined }, `${dir}/tsconfig.json`).toEqual({ ...root.options, configFilePath: undefined });
    for (const file of own.files) if (!root.files.has(file)) outside.push(file);
  }
  expect(outside, 'the root tsconfig.json must include every file a package tsconfig.json does').toEqual([]);
});
