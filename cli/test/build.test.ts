import { chmod, cp, mkdir, mkdtemp, readFile, readlink, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliDir, run, type RunResult } from './helpers.ts';

const BUILD_TIMEOUT = 180_000;
const VERSION = '9.8.7-build-test';

/**
 * A copy of cli/ (its own version, so that what it prints can only come from its own package.json) next to a
 * link to the repository's node_modules, and a `node` that notes how bin/docker-mcp started it: the tests build
 * and change this copy, never the real cli/ other test runs use.
 */
interface Checkout {
  cli: string;
  /** Runs the copy's bin/docker-mcp; `started` is the node command line it ran. */
  docker(args: string[], env?: Record<string, string>): Promise<RunResult & { started: string }>;
  build(): Promise<RunResult>;
}

async function checkout(): Promise<Checkout & { remove(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'cli-build-'));
  const cli = join(root, 'cli');
  await mkdir(cli);
  for (const entry of ['bin', 'src', 'scripts', 'tsconfig.json']) await cp(join(cliDir, entry), join(cli, entry), { recursive: true });
  const pkg = JSON.parse(await readFile(join(cliDir, 'package.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(join(cli, 'package.json'), JSON.stringify({ ...pkg, version: VERSION }, null, 2));
  await cp(join(cliDir, '..', 'tsconfig.base.json'), join(root, 'tsconfig.base.json'));
  await symlink(join(cliDir, '..', 'node_modules'), join(root, 'node_modules'));
  const spy = join(root, 'node');
  await writeFile(spy, `#!/usr/bin/env bash\nprintf '%s\\n' "$*" > "$NODE_SPY_LOG"\nexec ${JSON.stringify(process.execPath)} "$@"\n`);
  await chmod(spy, 0o755);
  let runs = 0;
  return {
    cli,
    async docker(args, env = {}) {
      const log = join(root, `node-${++runs}.log`);
      const result = await run(join(cli, 'bin', 'docker-mcp'), args, { env: { DOCKER_MCP_NODE: spy, NODE_SPY_LOG: log, DOCKER_CONFIG: root, ...env } });
      return { ...result, started: (await readFile(log, 'utf8')).trim() };
    },
    build: () => run('npm', ['run', 'build', '--silent'], { cwd: cli }),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

const builtRun = (cli: string) => new RegExp(`^${join(cli, 'dist', 'current', 'run.js')} `);
const fromSource = /--import \S+\/tsx\/dist\/loader\.mjs \S+\/bin\/run\.ts /;

describe('the prebuilt CLI (npm run build, bin/docker-mcp)', () => {
  let copy: Checkout & { remove(): Promise<void> };
  beforeAll(async () => {
    copy = await checkout();
  });
  afterAll(async () => copy?.remove());

  it(
    'runs the sources through tsx until it is built, then the build with plain node, with the same commands and help',
    { timeout: BUILD_TIMEOUT },
    async () => {
      const before = await copy.docker(['version', '--json']);
      expect(before.code).toBe(0);
      expect(before.started).toMatch(fromSource);
      expect((JSON.parse(before.stdout) as { client: { version: string } }).client.version).toBe(VERSION);

      const build = await copy.build();
      expect(build.stderr).toBe('');
      expect(build.code).toBe(0);
      expect(build.stdout).toMatch(/^Built the CLI into dist\/build-/);
      expect(await readlink(join(copy.cli, 'dist', 'current'))).toMatch(/^build-/);
      expect((await copy.build()).stdout).toBe('The CLI build dist/current is up to date.\n');

      const after = await copy.docker(['version', '--json']);
      expect(after.stderr).toBe('');
      expect(after.started).toMatch(builtRun(copy.cli));
      // Sources keep their own import.meta.url in the bundle: the version is read from this copy's cli/package.json.
      expect(JSON.parse(after.stdout)).toEqual(JSON.parse(before.stdout));
      const metadata = await copy.docker(['docker-cli-plugin-metadata']);
      expect((JSON.parse(metadata.stdout) as { Version: string }).Version).toBe(VERSION);

      const helps = [['--help'], ['server', '--help'], ['tools', 'call', '--help']];
      const [built, source] = await Promise.all([
        Promise.all(helps.map((args) => copy.docker(args))),
        Promise.all(helps.map((args) => copy.docker(args, { DOCKER_MCP_FROM_SOURCE: '1' }))),
      ]);
      for (const [index, help] of built.entries()) {
        expect(help.code).toBe(0);
        expect(help.stdout).toContain('USAGE');
        expect(help.stdout).toBe(source[index]?.stdout);
        expect(source[index]?.started).toMatch(fromSource);
      }
      const failure = await copy.docker(['whoami', '--url', 'not a url']);
      expect(failure.started).toMatch(builtRun(copy.cli));
      expect(failure.code).toBe(1);
      expect(failure.stderr).toMatch(/^Error: .+\n$/);
    },
  );

  it('is out of date once a source changes or a command file is added, and the next build has the new command', { timeout: BUILD_TIMEOUT }, async () => {
    expect((await copy.build()).code).toBe(0);
    expect((await copy.docker(['--version'])).started).toMatch(builtRun(copy.cli));

    const format = join(copy.cli, 'src', 'lib', 'format.ts');
    // Edited now: after the build above started, before the next one does.
    const now = new Date();
    await utimes(format, now, now);
    expect((await copy.docker(['--version'])).started).toMatch(fromSource);
    expect((await copy.build()).stdout).toMatch(/^Built the CLI into /);
    expect((await copy.docker(['--version'])).started).toMatch(builtRun(copy.cli));

    await mkdir(join(copy.cli, 'src', 'commands', 'greeting'));
    await writeFile(
      join(copy.cli, 'src', 'commands', 'greeting', 'say.ts'),
      [
        "import { PortalCommand } from '../../lib/base-command.ts';",
        'export default class Say extends PortalCommand {',
        "  static override summary = 'Say hello from a command file added after the build.';",
        "  async run(): Promise<void> { this.log('hello from greeting say'); }",
        '}',
        '',
      ].join('\n'),
    );
    const unbuilt = await copy.docker(['greeting', 'say']);
    expect(unbuilt.started).toMatch(fromSource);
    expect(unbuilt.stdout).toBe('hello from greeting say\n');

    expect((await copy.build()).stdout).toMatch(/^Built the CLI into /);
    const built = await copy.docker(['greeting', 'say']);
    expect(built.started).toMatch(builtRun(copy.cli));
    expect(built.stdout).toBe('hello from greeting say\n');
    expect((await copy.docker(['--help'])).stdout).toMatch(/^ {2}greeting +/m);
  });

  it('runs with plain node when installed as a build alone, without sources or node_modules (the platform image)', { timeout: BUILD_TIMEOUT }, async () => {
    expect((await copy.build()).code).toBe(0);
    const image = await mkdtemp(join(tmpdir(), 'cli-image-'));
    try {
      // What the Dockerfile copies: package.json, bin/docker-mcp and the build as dist/current (a folder, not a link).
      const cli = join(image, 'app', 'cli');
      await mkdir(join(cli, 'bin'), { recursive: true });
      await cp(join(copy.cli, 'package.json'), join(cli, 'package.json'));
      await cp(join(copy.cli, 'bin', 'docker-mcp'), join(cli, 'bin', 'docker-mcp'));
      await cp(join(copy.cli, 'dist', await readlink(join(copy.cli, 'dist', 'current'))), join(cli, 'dist', 'current'), { recursive: true });
      const result = await run(join(cli, 'bin', 'docker-mcp'), ['version', '--json'], { env: { DOCKER_MCP_NODE: process.execPath, DOCKER_CONFIG: image } });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect((JSON.parse(result.stdout) as { client: { version: string } }).client.version).toBe(VERSION);
    } finally {
      await rm(image, { recursive: true, force: true });
    }
  });
});
