import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerStateView } from '../src/lib/operations.ts';
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import { closedPort, cliDir, expectOneErrorLine, run, runCli, tempDockerConfig } from './helpers.ts';

const SPAWN_TIMEOUT = 60_000;

describe('docker-mcp without a router', () => {
  it('answers the Docker CLI plugin metadata probe', { timeout: SPAWN_TIMEOUT }, async () => {
    const pkg = JSON.parse(await readFile(join(cliDir, 'package.json'), 'utf8')) as { version: string };
    const result = await runCli(['docker-cli-plugin-metadata']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      SchemaVersion: '0.1.0',
      Vendor: 'MCP Portal',
      Version: pkg.version,
      ShortDescription: 'Manage MCP servers through the MCP Portal',
    });
  });

  it('reports one version everywhere: version, version --json, --version and the plugin metadata', { timeout: SPAWN_TIMEOUT }, async () => {
    const pkg = JSON.parse(await readFile(join(cliDir, 'package.json'), 'utf8')) as { version: string };
    const config = await tempDockerConfig();
    try {
      const env = { DOCKER_CONFIG: config };
      const [text, json, flag, viaPlugin, metadata, broken] = await Promise.all([
        runCli(['version'], { env }),
        runCli(['version', '--json', '--url', 'http://127.0.0.1:4999/graphql'], { env }),
        runCli(['--version'], { env }),
        runCli(['mcp', '--version'], { env }),
        runCli(['docker-cli-plugin-metadata'], { env }),
        runCli(['version', '--url', 'not a url'], { env }),
      ]);
      for (const result of [text, json, flag, viaPlugin, broken]) {
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
      }
      const platformLine = `${process.platform}/${process.arch}`;
      expect(text.stdout.trim().split('\n')).toEqual([
        `Version:  ${pkg.version}`,
        expect.stringMatching(/^Node: {5}v\d+\.\d+\.\d+$/),
        `Platform: ${platformLine}`,
        'Router:   http://127.0.0.1:4000',
        'Server:   unknown (the router reports no version)',
      ]);
      expect(JSON.parse(json.stdout)).toEqual({
        client: { version: pkg.version, node: expect.stringMatching(/^v\d+\./), platform: process.platform, arch: process.arch },
        server: { url: 'http://127.0.0.1:4999', version: null },
      });
      const node = (JSON.parse(json.stdout) as { client: { node: string } }).client.node;
      expect(flag.stdout).toBe(`docker mcp version ${pkg.version} (node ${node}, ${platformLine})\n`);
      expect(viaPlugin.stdout).toBe(flag.stdout);
      expect((JSON.parse(metadata.stdout) as { Version: string }).Version).toBe(pkg.version);
      // A bad URL does not stop it: the router is unknown, the client's version is still printed.
      expect(broken.stdout).toContain(`Version:  ${pkg.version}\n`);
      expect(broken.stdout).toMatch(/^Router: {3}unknown \(Invalid router URL "not a url"/m);
    } finally {
      await rm(config, { recursive: true, force: true });
    }
  });

  it('shows help for the commands, with or without the plugin name Docker passes first', { timeout: SPAWN_TIMEOUT }, async () => {
    const result = await runCli(['mcp', 'server', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('$ docker mcp server COMMAND');
    expect(result.stdout).toMatch(/server enable\s+Enable an MCP server from the catalog/);
    expect(result.stdout).toMatch(/server ls\s+List the enabled MCP servers/);
    const root = await runCli(['--help']);
    expect(root.stdout).toMatch(/login\s+Log in to an MCP Portal router/);
  });

  it('says when the router is not reachable', { timeout: SPAWN_TIMEOUT }, async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const config = await tempDockerConfig();
    const result = await runCli(['server', 'ls', '--url', url], { env: { DOCKER_CONFIG: config, DOCKER_MCP_TOKEN: 'anything' } });
    expect(result.code).toBe(1);
    expect(expectOneErrorLine(result.stderr)).toContain(`The router at ${url} is not reachable`);
    await rm(config, { recursive: true, force: true });
  });

  it('reports a corrupt settings file without a stack trace', { timeout: SPAWN_TIMEOUT }, async () => {
    const config = await tempDockerConfig();
    await mkdir(join(config, 'mcp'));
    await writeFile(join(config, 'mcp', 'portal.json'), '{oops');
    const result = await runCli(['server', 'ls'], { env: { DOCKER_CONFIG: config } });
    expect(result.code).toBe(1);
    expect(expectOneErrorLine(result.stderr)).toMatch(/portal\.json is not valid JSON .*docker mcp login/);
    await rm(config, { recursive: true, force: true });
  });
});

describe('docker-mcp against the platform', () => {
  let platform: TestPlatform;
  let config: string;
  const env = () => ({ DOCKER_CONFIG: config });

  beforeAll(async () => {
    platform = await startTestPlatform({ label: 'cli' });
    config = await tempDockerConfig();
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
    if (config) await rm(config, { recursive: true, force: true });
  });

  it('logs in with --password-stdin, enables a server and lists it', { timeout: SPAWN_TIMEOUT }, async () => {
    const login = await runCli(['login', '--url', platform.url, '--email', platform.admin.email, '--password-stdin'], {
      env: env(),
      input: `${platform.admin.password}\n`,
    });
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
    expect(login.stdout.trim()).toBe(`Logged in as ${platform.admin.email} (ADMIN)`);

    const file = join(config, 'mcp', 'portal.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(config, 'mcp'))).mode & 0o777).toBe(0o700);
    const saved = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    expect(saved).toMatchObject({ url: platform.url, email: platform.admin.email });
    expect(saved.token).toEqual(expect.any(String));
    expect(Number.isNaN(Date.parse(saved.expiresAt ?? ''))).toBe(false);

    // The saved URL and token are used from now on: no --url.
    const enable = await runCli(['server', 'enable', 'time', '--no-start', '--json'], { env: env() });
    expect(enable.stderr).toBe('');
    expect(enable.code).toBe(0);
    const enabled = JSON.parse(enable.stdout) as ServerStateView;
    expect(enabled).toMatchObject({ name: 'time', status: 'STOPPED', enabledBy: { email: platform.admin.email } });

    const ls = await runCli(['server', 'ls', '--json'], { env: env() });
    expect(ls.stderr).toBe('');
    expect(ls.code).toBe(0);
    const servers = JSON.parse(ls.stdout) as ServerStateView[];
    const time = servers.find((server) => server.name === 'time');
    expect(time).toMatchObject({ id: enabled.id, status: 'STOPPED', lastError: null, enabledBy: { email: platform.admin.email } });
    expect(Object.keys(time ?? {}).sort()).toEqual([
      'catalogEntry',
      'desiredState',
      'enabledBy',
      'id',
      'lastError',
      'lastHealthAt',
      'name',
      'restartCount',
      'runtime',
      'startedAt',
      'status',
      'stoppedAt',
      'tools',
      'updatedAt',
    ]);

    const table = await runCli(['server', 'ls'], { env: env() });
    expect(table.code).toBe(0);
    const [header, ...rows] = table.stdout.trim().split('\n');
    expect(header).toMatch(/^NAME\s+STATUS\s+RUNTIME\s+TOOLS\s+ENABLED BY\s+UPDATED$/);
    expect(rows.find((row) => row.startsWith('time '))).toMatch(
      new RegExp(`^time\\s+STOPPED\\s+-\\s+0\\s+${platform.admin.email.replace(/\./g, '\\.')}\\s+.+ago$`),
    );
  });

  it('works through the real Docker CLI once installed as a plugin', { timeout: SPAWN_TIMEOUT }, async () => {
    const pkgVersion = (JSON.parse(await readFile(join(cliDir, 'package.json'), 'utf8')) as { version: string }).version;
    // `npm run install-plugin` into the same temp DOCKER_CONFIG, twice: it is idempotent.
    const first = await run('npm', ['run', '--silent', 'install-plugin'], { env: env(), cwd: cliDir });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Installed ${join(config, 'cli-plugins', 'docker-mcp')} -> ${join(cliDir, 'bin', 'docker-mcp')}`);
    const second = await run('npm', ['run', '--silent', 'install-plugin'], { env: env(), cwd: cliDir });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Already installed:');

    const help = await run('docker', ['--help'], { env: env() });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^\s+mcp\*\s+Manage MCP servers through the MCP Portal$/m);

    const ls = await run('docker', ['mcp', 'server', 'ls', '--json'], { env: env() });
    expect(ls.stderr).toBe('');
    expect(ls.code).toBe(0);
    const servers = JSON.parse(ls.stdout) as ServerStateView[];
    expect(servers.find((server) => server.name === 'time')).toMatchObject({ status: 'STOPPED', enabledBy: { email: platform.admin.email } });

    const version = await run('docker', ['mcp', 'version', '--json'], { env: env() });
    expect(version.code).toBe(0);
    expect(JSON.parse(version.stdout)).toMatchObject({ client: { version: pkgVersion }, server: { url: platform.url, version: null } });
    const flag = await run('docker', ['mcp', '--version'], { env: env() });
    expect(flag.code).toBe(0);
    expect(flag.stdout).toMatch(new RegExp(`^docker mcp version ${pkgVersion.replace(/\./g, '\\.')} \\(node v`));

    const failure = await run('docker', ['mcp', 'server', 'enable', 'no-such-server-xyz'], { env: env() });
    expect(failure.code).toBe(1);
    expectOneErrorLine(failure.stderr);
  });

  it('asks to log in when there is no token', { timeout: SPAWN_TIMEOUT }, async () => {
    const empty = await tempDockerConfig();
    try {
      const result = await runCli(['server', 'ls', '--url', platform.url], { env: { DOCKER_CONFIG: empty } });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(expectOneErrorLine(result.stderr)).toBe(`Error: Not logged in to ${platform.url}: run \`docker mcp login\` first.`);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('asks to log in again when the router rejects the token', { timeout: SPAWN_TIMEOUT }, async () => {
    const result = await runCli(['server', 'ls', '--json'], { env: { ...env(), DOCKER_MCP_TOKEN: 'not-a-valid-token' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(expectOneErrorLine(result.stderr)).toContain('docker mcp login');
  });

  it('says so when the password is wrong, and keeps the previous login', { timeout: SPAWN_TIMEOUT }, async () => {
    const before = await readFile(join(config, 'mcp', 'portal.json'), 'utf8');
    const result = await runCli(['login', '--url', platform.url, '--email', platform.admin.email, '--password-stdin'], {
      env: env(),
      input: 'definitely-wrong\n',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(expectOneErrorLine(result.stderr)).toBe('Error: Wrong email or password.');
    expect(await readFile(join(config, 'mcp', 'portal.json'), 'utf8')).toBe(before);
  });

  it('prints the login as JSON with --json, without the token', { timeout: SPAWN_TIMEOUT }, async () => {
    const result = await runCli(['mcp', 'login', '--email', platform.admin.email, '--password-stdin', '--json'], {
      env: { ...env(), DOCKER_MCP_URL: `${platform.url}/graphql` },
      input: platform.admin.password,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as Record<string, string>;
    expect(output).toEqual({ url: platform.url, email: platform.admin.email, role: 'ADMIN', tokenId: expect.any(String), expiresAt: expect.any(String) });
  });
});
