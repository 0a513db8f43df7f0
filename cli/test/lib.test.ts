import { lstat, mkdir, readdir, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerStateView } from '../src/lib/operations.ts';
import { TypedDocumentString } from '../src/gql/graphql.ts';
import { graphqlRequest, withLoginHint } from '../src/lib/client.ts';
import { PortalError } from '../src/lib/errors.ts';
import { formatTable, timeAgo } from '../src/lib/format.ts';
import { serverStatesTable } from '../src/lib/servers.ts';
import { installPlugin } from '../src/lib/install.ts';
import { describeFailure } from '../src/lib/main.ts';
import { pluginArgv, pluginMetadata } from '../src/lib/plugin.ts';
import { promptHidden, promptLine, readAllStdin, type PromptInput } from '../src/lib/prompt.ts';
import {
  DEFAULT_URL,
  dockerConfigDir,
  normalizeUrl,
  readSavedLogin,
  requireToken,
  resolveSettings,
  settingsFile,
  writeSavedLogin,
} from '../src/lib/settings.ts';
import { binary, closedPort, tempDockerConfig } from './helpers.ts';

const temporaryDirs: string[] = [];
async function configEnv() {
  const dir = await tempDockerConfig();
  temporaryDirs.push(dir);
  return { DOCKER_CONFIG: dir };
}
afterEach(async () => {
  await Promise.all(temporaryDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('plugin protocol', () => {
  it('describes the plugin with the package version', async () => {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(pluginMetadata()).toEqual({
      SchemaVersion: '0.1.0',
      Vendor: 'MCP Portal',
      Version: pkg.version,
      ShortDescription: 'Manage MCP servers through the MCP Portal',
    });
  });

  it('strips only a leading plugin name', () => {
    expect(pluginArgv(['mcp', 'server', 'ls', '--json'])).toEqual(['server', 'ls', '--json']);
    expect(pluginArgv(['server', 'ls'])).toEqual(['server', 'ls']);
    expect(pluginArgv(['server', 'enable', 'mcp'])).toEqual(['server', 'enable', 'mcp']);
    expect(pluginArgv([])).toEqual([]);
  });

  it('prints oclif errors as one line with their exit code, and nothing for this.exit', () => {
    expect(describeFailure(Object.assign(new Error('boom'), { oclif: { exit: 2 } }))).toEqual({ exitCode: 2, message: 'Error: boom' });
    expect(describeFailure(new Error('plain'))).toEqual({ exitCode: 1, message: 'Error: plain' });
    expect(describeFailure(Object.assign(new Error('EEXIT: 3'), { code: 'EEXIT', oclif: { exit: 3 } }))).toEqual({ exitCode: 3, message: undefined });
  });
});

describe('README', () => {
  it('lists every command file of src/commands in its layout, and no other', async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    const layout = readme.slice(readme.indexOf('src/commands/ '), readme.indexOf('\nsrc/lib/ '));
    const listed = layout
      .split('\n')
      .slice(1)
      .flatMap((line) => line.trim().split(/\s+/))
      .flatMap((item) => {
        const group = /^(.*)\{(.+)\}(.*)$/.exec(item);
        return group ? (group[2] ?? '').split(',').map((verb) => `${group[1]}${verb}${group[3]}`) : [item];
      });
    const files = (await readdir(new URL('../src/commands', import.meta.url), { recursive: true })).filter((file) => file.endsWith('.ts'));
    expect(listed.length).toBeGreaterThan(20);
    expect([...listed].sort()).toEqual([...files].sort());
  });
});

describe('settings', () => {
  it('normalises router URLs to their base', () => {
    expect(normalizeUrl('http://127.0.0.1:4000')).toBe('http://127.0.0.1:4000');
    expect(normalizeUrl('http://127.0.0.1:4000/')).toBe('http://127.0.0.1:4000');
    expect(normalizeUrl('https://portal.example.com/graphql')).toBe('https://portal.example.com');
    expect(normalizeUrl(' https://example.com/mcp/graphql/ ')).toBe('https://example.com/mcp');
    expect(() => normalizeUrl('not a url')).toThrow(/Invalid router URL "not a url"/);
    expect(() => normalizeUrl('ftp://example.com')).toThrow(/only http/);
  });

  it('defaults DOCKER_CONFIG to ~/.docker', () => {
    expect(dockerConfigDir({ DOCKER_CONFIG: '/x/y' })).toBe('/x/y');
    expect(dockerConfigDir({})).toMatch(/\.docker$/);
    expect(settingsFile({ DOCKER_CONFIG: '/x/y' })).toBe('/x/y/mcp/portal.json');
  });

  it('saves the login with mode 0600 in a 0700 directory and reads it back', async () => {
    const env = await configEnv();
    const login = { url: 'http://127.0.0.1:4000', token: 't0k', email: 'a@example.test', expiresAt: '2099-01-01T00:00:00.000Z' };
    const file = await writeSavedLogin(login, env);
    expect(file).toBe(join(env.DOCKER_CONFIG, 'mcp', 'portal.json'));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(env.DOCKER_CONFIG, 'mcp'))).mode & 0o777).toBe(0o700);
    expect(await readSavedLogin(env)).toEqual(login);
    await writeSavedLogin({ ...login, token: 'second' }, env);
    expect((await readSavedLogin(env))?.token).toBe('second');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('reports a corrupt or invalid file clearly', async () => {
    const env = await configEnv();
    expect(await readSavedLogin(env)).toBeUndefined();
    await mkdir(join(env.DOCKER_CONFIG, 'mcp'));
    await writeFile(settingsFile(env), '{ not json');
    await expect(readSavedLogin(env)).rejects.toThrow(/portal\.json is not valid JSON .*docker mcp login/);
    await writeFile(settingsFile(env), JSON.stringify({ url: 'nope', token: 5 }));
    await expect(readSavedLogin(env)).rejects.toThrow(/portal\.json is not a valid MCP Portal login \(url: .*; token: .*\)/);
  });

  it('resolves the URL from flag, env, saved login, default; the token from env or a matching saved login', async () => {
    const env: Record<string, string> = await configEnv();
    expect(await resolveSettings({ env })).toMatchObject({ url: DEFAULT_URL, token: undefined });

    await writeSavedLogin({ url: 'http://saved.test:4000', token: 'saved-token' }, env);
    expect(await resolveSettings({ env })).toMatchObject({ url: 'http://saved.test:4000', token: 'saved-token', tokenSource: 'saved' });
    // The saved token is never sent to another router.
    expect(await resolveSettings({ env: { ...env, DOCKER_MCP_URL: 'http://env.test:1' } })).toMatchObject({ url: 'http://env.test:1', token: undefined });
    expect(await resolveSettings({ env: { ...env, DOCKER_MCP_URL: 'http://env.test:1' }, url: 'http://saved.test:4000/graphql' })).toMatchObject({
      url: 'http://saved.test:4000',
      token: 'saved-token',
    });
    expect(await resolveSettings({ env: { ...env, DOCKER_MCP_TOKEN: 'env-token' } })).toMatchObject({
      url: 'http://saved.test:4000',
      token: 'env-token',
      tokenSource: 'env',
    });

    // With both env vars the file is not needed, so a corrupt one does not matter.
    await writeFile(settingsFile(env), 'garbage');
    expect(await resolveSettings({ env: { ...env, DOCKER_MCP_URL: 'http://a.test', DOCKER_MCP_TOKEN: 'x' } })).toMatchObject({
      url: 'http://a.test',
      token: 'x',
    });
    await expect(resolveSettings({ env })).rejects.toThrow(PortalError);
  });

  it('asks for a login when there is no usable token', () => {
    const base = { url: 'http://a.test', token: undefined, tokenSource: undefined, saved: undefined } as const;
    expect(() => requireToken(base)).toThrow('Not logged in to http://a.test: run `docker mcp login` first.');
    expect(() => requireToken({ ...base, saved: { url: 'http://b.test', token: 'x' } })).toThrow(
      'Not logged in to http://a.test (the saved login is for http://b.test): run `docker mcp login --url http://a.test` first.',
    );
    const saved = { url: 'http://a.test', token: 'x', expiresAt: '2020-01-01T00:00:00.000Z' };
    expect(() => requireToken({ ...base, token: 'x', tokenSource: 'saved', saved })).toThrow(
      /expired at 2020-01-01T00:00:00.000Z: run `docker mcp login` again/,
    );
    expect(requireToken({ ...base, token: 'x', tokenSource: 'env', saved })).toBe('x');
    expect(requireToken({ ...base, token: 'x', tokenSource: 'saved', saved: { ...saved, expiresAt: '2999-01-01T00:00:00.000Z' } })).toBe('x');
  });
});

describe('GraphQL client', () => {
  const fakeFetch =
    (status: number, body: string): typeof fetch =>
    async () =>
      new Response(body, { status, headers: { 'content-type': 'application/json' } });

  it('returns data and sends the bearer token', async () => {
    let seen: RequestInit | undefined;
    const fetchSpy: typeof fetch = async (_url, init) => {
      seen = init;
      return new Response(JSON.stringify({ data: { ok: true } }));
    };
    await expect(
      graphqlRequest({ url: 'http://a.test', token: 'tok', fetch: fetchSpy }, new TypedDocumentString<{ ok: boolean }, Record<string, never>>('{ ok }')),
    ).resolves.toEqual({ ok: true });
    expect(new Headers(seen?.headers).get('authorization')).toBe('Bearer tok');
  });

  it('turns GraphQL errors into one line with the code', async () => {
    const body = JSON.stringify({ errors: [{ message: 'Sign in first.', extensions: { code: 'UNAUTHENTICATED' } }], data: null });
    const error = await graphqlRequest(
      { url: 'http://a.test', fetch: fakeFetch(200, body) },
      new TypedDocumentString<{ x: boolean }, Record<string, never>>('{ x }'),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PortalError);
    expect(error).toMatchObject({ message: 'Sign in first.', code: 'UNAUTHENTICATED' });
    expect((withLoginHint(error) as Error).message).toBe('Sign in first. Run `docker mcp login` to log in.');
    const forbidden = new PortalError('No.', { code: 'FORBIDDEN' });
    expect(withLoginHint(forbidden)).toBe(forbidden);
  });

  it('explains answers that are not GraphQL', async () => {
    await expect(
      graphqlRequest(
        { url: 'http://a.test', fetch: fakeFetch(502, '<html>bad gateway</html>') },
        new TypedDocumentString<{ x: boolean }, Record<string, never>>('{ x }'),
      ),
    ).rejects.toThrow('The router at http://a.test answered HTTP 502 without a GraphQL response: is this an MCP Portal router?');
  });

  it('says when the router is not reachable', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    await expect(graphqlRequest({ url }, new TypedDocumentString<{ x: boolean }, Record<string, never>>('{ x }'))).rejects.toThrow(
      `The router at ${url} is not reachable (ECONNREFUSED): is the MCP Portal running?`,
    );
  });
});

describe('output', () => {
  it('formats tables like the Docker CLI', () => {
    expect(
      formatTable(
        ['NAME', 'STATUS'],
        [
          ['time', 'STOPPED'],
          ['a-long-name', 'RUNNING'],
        ],
      ),
    ).toBe(['NAME          STATUS', 'time          STOPPED', 'a-long-name   RUNNING'].join('\n'));
    expect(formatTable(['NAME', 'STATUS'], [])).toBe('NAME   STATUS');
  });

  it('says how long ago', () => {
    const now = new Date('2025-01-10T12:00:00Z');
    const ago = (ms: number) => timeAgo(new Date(now.getTime() - ms).toISOString(), now);
    expect(ago(0)).toBe('Less than a second ago');
    expect(ago(5_000)).toBe('5 seconds ago');
    expect(ago(60_000)).toBe('About a minute ago');
    expect(ago(5 * 60_000)).toBe('5 minutes ago');
    expect(ago(3 * 3_600_000)).toBe('3 hours ago');
    expect(ago(3 * 86_400_000)).toBe('3 days ago');
    expect(timeAgo('garbage', now)).toBe('garbage');
  });

  it('lists servers with NAME, STATUS, RUNTIME, TOOLS, ENABLED BY, UPDATED', () => {
    const server: ServerStateView = {
      id: '1',
      name: 'memory',
      status: 'RUNNING',
      lastError: null,
      desiredState: 'RUNNING',
      runtime: 'PROCESS',
      startedAt: '2025-01-10T11:58:00Z',
      stoppedAt: null,
      lastHealthAt: '2025-01-10T11:59:00Z',
      restartCount: 0,
      updatedAt: '2025-01-10T11:58:00Z',
      enabledBy: { id: 'u', email: 'admin@example.test' },
      catalogEntry: null,
      tools: [{ name: 'read_graph' }, { name: 'create_entities' }],
    };
    const stopped: ServerStateView = { ...server, name: 'time', status: 'STOPPED', runtime: null, tools: [] };
    expect(serverStatesTable([server, stopped], new Date('2025-01-10T12:00:00Z')).split('\n')).toEqual([
      'NAME     STATUS    RUNTIME   TOOLS   ENABLED BY           UPDATED',
      'memory   RUNNING   PROCESS   2       admin@example.test   2 minutes ago',
      'time     STOPPED   -         0       admin@example.test   2 minutes ago',
    ]);
  });
});

describe('prompts', () => {
  function fakeTerminal() {
    const input = new PassThrough() as PassThrough & PromptInput;
    const modes: boolean[] = [];
    input.isTTY = true;
    input.setRawMode = (mode: boolean) => modes.push(mode);
    const output = new PassThrough();
    let written = '';
    output.on('data', (chunk: Buffer) => (written += chunk.toString()));
    return { input, output, modes, written: () => written };
  }

  it('reads a password without echo, handling backspace', async () => {
    const terminal = fakeTerminal();
    const answer = promptHidden('Password: ', terminal);
    terminal.input.write('hunter3\u007f2');
    terminal.input.write('\r');
    await expect(answer).resolves.toBe('hunter2');
    expect(terminal.modes).toEqual([true, false]);
    expect(terminal.written()).toBe('Password: \n');
  });

  it('cancels on Ctrl-C and refuses a non-terminal', async () => {
    const terminal = fakeTerminal();
    const answer = promptHidden('Password: ', terminal);
    terminal.input.write('abc\u0003');
    await expect(answer).rejects.toThrow('Cancelled.');
    const pipe = Object.assign(new PassThrough(), { isTTY: false });
    await expect(promptHidden('Password: ', { input: pipe, output: new PassThrough() })).rejects.toThrow(/--password-stdin/);
  });

  it('reads a visible line, and cancels it on Ctrl-C instead of hanging', async () => {
    const terminal = fakeTerminal();
    const answer = promptLine('Email: ', terminal);
    terminal.input.write(' admin@example.test\r');
    await expect(answer).resolves.toBe('admin@example.test');
    const cancelled = promptLine('Email: ', terminal);
    terminal.input.write('adm\u0003');
    await expect(cancelled).rejects.toThrow('Cancelled.');
  });

  it('reads stdin for --password-stdin, dropping one trailing newline', async () => {
    await expect(readAllStdin(Readable.from([Buffer.from('s3cret\n')]))).resolves.toBe('s3cret');
    await expect(readAllStdin(Readable.from([Buffer.from('a b\r\n')]))).resolves.toBe('a b');
    await expect(readAllStdin(Readable.from([Buffer.from('x\n\n')]))).resolves.toBe('x\n');
  });
});

describe('install-plugin', () => {
  it('links cli-plugins/docker-mcp to bin/docker-mcp, idempotently', async () => {
    const env = await configEnv();
    const path = join(env.DOCKER_CONFIG, 'cli-plugins', 'docker-mcp');
    expect(await installPlugin({ env })).toEqual({ path, target: binary, action: 'created' });
    expect(await readlink(path)).toBe(binary);
    expect(await installPlugin({ env })).toEqual({ path, target: binary, action: 'unchanged' });

    // A link to another checkout of this CLI is updated.
    await rm(path);
    await symlink('/elsewhere/cli/bin/docker-mcp', path);
    expect(await installPlugin({ env })).toMatchObject({ action: 'updated' });
    expect(await readlink(path)).toBe(binary);
  });

  it('replaces a foreign docker-mcp only with force, keeping a backup', async () => {
    const env = await configEnv();
    const path = join(env.DOCKER_CONFIG, 'cli-plugins', 'docker-mcp');
    await mkdir(join(env.DOCKER_CONFIG, 'cli-plugins'));
    await writeFile(path, '#!/bin/sh\necho other\n', { mode: 0o755 });
    await expect(installPlugin({ env })).rejects.toThrow(/already exists and is not this CLI; rerun with --force/);
    const result = await installPlugin({ env, force: true });
    expect(result.action).toBe('updated');
    expect(await readFile(result.backup ?? '', 'utf8')).toContain('echo other');
    expect((await lstat(path)).isSymbolicLink()).toBe(true);
  });
});
