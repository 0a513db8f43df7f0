import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clients, gatewayEntryName, remoteSnippet, stdioSnippet, findClient, displayPath } from '@mcp-portal/schema/clients';
import { entryIn, lineDiff, parseConfig, withEntry, withoutEntry, type ConfigDocument } from '../src/lib/client-config.ts';
import { parse as parseYaml } from 'yaml';
import { binary, expectOneErrorLine, run, runCli } from './helpers.ts';

const SPAWN_TIMEOUT = 60_000;

const doc = (text: string, jsonc = true): ConfigDocument => ({ path: '/x/mcp.json', exists: text !== '', text, jsonc });

describe('client configuration edits', () => {
  const entry = { type: 'stdio', command: 'docker', args: ['mcp', 'gateway', 'run'] };

  it('adds the entry to a JSONC file keeping comments, other keys and other servers', () => {
    const before = '{\n  // mine\n  "servers": {\n    "other": {\n      "command": "x"\n    }\n  },\n  "inputs": [] /* keep */\n}\n';
    const after = withEntry(doc(before), ['servers'], gatewayEntryName, entry);
    expect(after).toContain('// mine');
    expect(after).toContain('/* keep */');
    const parsed = JSON.parse(after.replace(/\/\/.*$/gm, '').replace(/\/\*.*?\*\//g, '')) as { servers: Record<string, unknown>; inputs: unknown[] };
    expect(parsed).toEqual({ servers: { other: { command: 'x' }, [gatewayEntryName]: entry }, inputs: [] });
    // Removing it gives back the file as it was.
    expect(withoutEntry(doc(after), ['servers'], gatewayEntryName)).toBe(before);
  });

  it('leaves a compact server on one line beside the new entry, and after removing it', () => {
    const before = '{\n  "servers": {\n    "other": { "command": "x" }, // keep\n  }\n}\n';
    const after = withEntry(doc(before), ['servers'], gatewayEntryName, entry);
    expect(after).toContain('    "other": { "command": "x" },\n    "mcp-portal": {\n      "type": "stdio",');
    expect(withoutEntry(doc(after), ['servers'], gatewayEntryName)).toBe(before);
  });

  it('creates nested keys in an empty file and keeps the file indentation', () => {
    const created = withEntry(doc(''), ['mcpServers'], gatewayEntryName, entry);
    expect(JSON.parse(created)).toEqual({ mcpServers: { [gatewayEntryName]: entry } });
    const tabbed = withEntry(doc('{\n\t"theme": "dark"\n}\n'), ['mcpServers'], gatewayEntryName, entry);
    expect(tabbed).toMatch(/\n\t"mcpServers": \{\n\t\t"mcp-portal"/);
  });

  it('refuses a file that is not valid JSON, naming the line', () => {
    expect(() => parseConfig(doc('{\n  "a": 1,\n  oops\n}'), ['servers'])).toThrow(
      /mcp\.json is not valid JSON \(comments allowed\): line 3, column 3: .*nothing was changed/,
    );
    // Comments only where the client allows them.
    expect(() => parseConfig(doc('{\n  // no\n}', false), ['mcpServers'])).toThrow(/is not valid JSON: line 2, column 3: invalid comment token/);
    expect(() => parseConfig(doc('[1]'), ['servers'])).toThrow(/does not hold a JSON object/);
    expect(() => parseConfig(doc('{\n"servers": []\n}'), ['servers'])).toThrow(/"servers" \(line 2\) is not an object/);
  });

  it('prints a change as a one-hunk unified diff', () => {
    expect(lineDiff('f', 'a\nb\nc\nd\ne\n', 'a\nb\nc\nX\nd\ne\n')).toBe(['--- f', '+++ f', '@@ -2,4 +2,5 @@', ' b', ' c', '+X', ' d', ' e'].join('\n'));
    expect(lineDiff('f', '', '{}\n')).toBe(['--- /dev/null', '+++ f', '@@ -0,0 +1,1 @@', '+{}'].join('\n'));
  });

  it('gives each client its snippets', () => {
    const vscode = findClient('vscode')!;
    expect(stdioSnippet(vscode, { profile: 'work' })).toContain('"args": ["mcp", "gateway", "run", "--profile", "work"]');
    expect(JSON.parse(stdioSnippet(vscode, { profile: 'work' }))).toEqual({
      servers: { [gatewayEntryName]: { type: 'stdio', command: 'docker', args: ['mcp', 'gateway', 'run', '--profile', 'work'] } },
    });
    expect(JSON.parse(remoteSnippet(vscode, 'http://127.0.0.1:4100/mcp', 'Bearer t') ?? '')).toEqual({
      servers: { [gatewayEntryName]: { type: 'http', url: 'http://127.0.0.1:4100/mcp', headers: { Authorization: 'Bearer t' } } },
    });
    expect(remoteSnippet(findClient('claude-desktop')!, 'http://x/mcp')).toBeUndefined();
    expect(JSON.parse(stdioSnippet(findClient('zed')!))).toEqual({
      context_servers: { [gatewayEntryName]: { source: 'custom', command: 'docker', args: ['mcp', 'gateway', 'run'] } },
    });
    expect(displayPath(findClient('claude-desktop')!.files[0]!.path.win32, 'win32')).toBe('%APPDATA%\\Claude\\claude_desktop_config.json');
    expect(new Set(clients.map((client) => client.id)).size).toBe(clients.length);
  });

  it('writes an added entry compactly: a list of arguments on one line', () => {
    const before = '{\n  "servers": {\n    "other": { "command": "x" }\n  }\n}\n';
    const after = withEntry(doc(before), ['servers'], gatewayEntryName, { ...entry, args: ['mcp', 'gateway', 'run', '--servers', 'memory'] });
    expect(lineDiff('f', before, after).split('\n').slice(3)).toEqual([
      ' {',
      '   "servers": {',
      '-    "other": { "command": "x" }',
      '+    "other": { "command": "x" },',
      '+    "mcp-portal": {',
      '+      "type": "stdio",',
      '+      "command": "docker",',
      '+      "args": ["mcp", "gateway", "run", "--servers", "memory"]',
      '+    }',
      '   }',
      ' }',
    ]);
  });
});

describe('Continue (YAML, a list of named servers)', () => {
  const continueClient = findClient('continue')!;
  const globalFile = continueClient.files[0]!;
  const yamlDoc = (text: string, file = globalFile): ConfigDocument => ({
    path: '/x/config.yaml',
    exists: text !== '',
    text,
    jsonc: false,
    format: file.format,
    serverList: file.serverList,
    newFile: file.newFile,
  });
  const entry = { type: 'stdio', command: 'docker', args: ['mcp', 'gateway', 'run'] };
  const config = [
    '# my assistant',
    'name: Local Config',
    'version: 1.0.0',
    'schema: v1',
    'models:',
    '  - name: Llama # local',
    '    provider: ollama',
    '    model: llama3',
    'mcpServers:',
    '  # the database',
    '  - name: SQLite MCP',
    '    command: npx',
    '    args:',
    '      - "-y"',
    '      - "mcp-sqlite"',
    '',
  ].join('\n');

  it('adds the entry to config.yaml keeping comments, models and the other servers; removing it gives the file back', () => {
    const after = withEntry(yamlDoc(config), ['mcpServers'], gatewayEntryName, entry);
    expect(after).toBe(`${config}  - name: mcp-portal\n    type: stdio\n    command: docker\n    args: [mcp, gateway, run]\n`);
    expect(entryIn(yamlDoc(after), ['mcpServers'], gatewayEntryName)).toEqual(entry);
    // Replaced in place (a changed --servers), then removed.
    const replaced = withEntry(yamlDoc(after), ['mcpServers'], gatewayEntryName, { ...entry, args: [...entry.args, '--servers', 'memory'] });
    expect(replaced).toContain('    args: [mcp, gateway, run, --servers, memory]\n');
    expect(replaced.match(/name: mcp-portal/g)).toHaveLength(1);
    expect(withoutEntry(yamlDoc(replaced), ['mcpServers'], gatewayEntryName)).toBe(config);
  });

  it('starts a new file with the name, version and schema Continue requires', () => {
    const created = withEntry(yamlDoc(''), ['mcpServers'], gatewayEntryName, entry);
    expect(parseYaml(created)).toEqual({ name: 'Local Config', version: '1.0.0', schema: 'v1', mcpServers: [{ name: gatewayEntryName, ...entry }] });
    const block = withEntry(yamlDoc('', continueClient.files[1]), ['mcpServers'], gatewayEntryName, entry);
    expect(parseYaml(block)).toMatchObject({ name: 'MCP Portal', version: '0.0.1', schema: 'v1' });
  });

  it('refuses a file that is not YAML, or whose mcpServers is not a list', () => {
    expect(() => withEntry(yamlDoc('name: x\nmcpServers: [a\n'), ['mcpServers'], gatewayEntryName, entry)).toThrow(
      /config\.yaml is not valid YAML: line \d+, column \d+: .*nothing was changed/,
    );
    expect(() => withEntry(yamlDoc('mcpServers:\n  sqlite: {}\n'), ['mcpServers'], gatewayEntryName, entry)).toThrow(
      /"mcpServers" \(line 2\) is not a list; nothing was changed/,
    );
  });

  it('has YAML snippets, for the command and for the URL', () => {
    expect(parseYaml(stdioSnippet(continueClient, { servers: ['memory'] }))).toEqual({
      name: 'Local Config',
      version: '1.0.0',
      schema: 'v1',
      mcpServers: [{ name: gatewayEntryName, type: 'stdio', command: 'docker', args: ['mcp', 'gateway', 'run', '--servers', 'memory'] }],
    });
    expect(stdioSnippet(continueClient)).toContain('    args: [mcp, gateway, run]\n');
    expect(parseYaml(remoteSnippet(continueClient, 'http://127.0.0.1:4100/mcp', 'Bearer t') ?? '')).toMatchObject({
      mcpServers: [
        { name: gatewayEntryName, type: 'streamable-http', url: 'http://127.0.0.1:4100/mcp', requestOptions: { headers: { Authorization: 'Bearer t' } } },
      ],
    });
    expect(displayPath(globalFile.path.win32, 'win32')).toBe('%USERPROFILE%\\.continue\\config.yaml');
    expect(displayPath(continueClient.files[1]!.path.linux, 'linux')).toBe('./.continue/mcpServers/mcp-portal.yaml');
  });
});

describe('docker mcp client ls|connect|disconnect', () => {
  let home: string;
  let project: string;
  const env = () => ({ HOME: home, DOCKER_CONFIG: join(home, '.docker') });
  const desktopConfig = () => join(home, '.config', 'Claude', 'claude_desktop_config.json');

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'client-home-'));
    project = await mkdtemp(join(tmpdir(), 'client-project-'));
  });
  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
    await rm(project, { recursive: true, force: true });
  });

  it(
    'connects Claude Desktop (creating the file), says when it already is, lists it, disconnects keeping the rest',
    { timeout: SPAWN_TIMEOUT * 2 },
    async () => {
      const connect = await runCli(['client', 'connect', 'claude-desktop'], { env: env() });
      expect(connect.stderr).toBe('');
      expect(connect.code).toBe(0);
      expect(connect.stdout).toContain(`Created ${desktopConfig()} with the entry "${gatewayEntryName}"`);
      expect(JSON.parse(await readFile(desktopConfig(), 'utf8'))).toEqual({
        mcpServers: { [gatewayEntryName]: { command: 'docker', args: ['mcp', 'gateway', 'run'] } },
      });

      const again = await runCli(['client', 'connect', 'claude-desktop'], { env: env() });
      expect(again.stdout).toContain('Claude Desktop is already connected');

      const ls = await runCli(['client', 'ls', '--json'], { env: env(), cwd: project });
      expect(ls.code).toBe(0);
      const statuses = JSON.parse(ls.stdout) as { client: string; scope: string; path: string; exists: boolean; connected: boolean }[];
      expect(statuses.find((status) => status.client === 'claude-desktop')).toMatchObject({
        scope: 'global',
        path: desktopConfig(),
        exists: true,
        connected: true,
      });
      expect(statuses.find((status) => status.client === 'cursor' && status.scope === 'project')).toMatchObject({
        path: join(project, '.cursor', 'mcp.json'),
        exists: false,
        connected: false,
      });

      // Another server and key added by the user survive disconnect; a backup of the file is written first.
      const withOther = JSON.parse(await readFile(desktopConfig(), 'utf8')) as { mcpServers: Record<string, unknown> };
      const edited = JSON.stringify({ globalShortcut: 'Ctrl+Space', mcpServers: { ...withOther.mcpServers, other: { command: 'npx', args: ['x'] } } }, null, 2);
      await writeFile(desktopConfig(), edited);
      const disconnect = await runCli(['client', 'disconnect', 'claude-desktop'], { env: env() });
      expect(disconnect.code).toBe(0);
      expect(disconnect.stdout).toMatch(/Removed the entry "mcp-portal" from .* \(backup: .*claude_desktop_config\.json\.bak-/);
      expect(JSON.parse(await readFile(desktopConfig(), 'utf8'))).toEqual({
        globalShortcut: 'Ctrl+Space',
        mcpServers: { other: { command: 'npx', args: ['x'] } },
      });
      const backups = (await readdir(dirname(desktopConfig()))).filter((name) => name.includes('.bak-'));
      expect(backups).toHaveLength(1);
      expect(await readFile(join(dirname(desktopConfig()), backups[0]!), 'utf8')).toBe(edited);
    },
  );

  it('--project --dry-run prints the diff and writes nothing; a JSONC file keeps its comments', { timeout: SPAWN_TIMEOUT * 2 }, async () => {
    const dry = await runCli(['client', 'connect', 'vscode', '--project', '--dry-run', '--servers', 'memory'], { env: env(), cwd: project });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`+++ ${join(project, '.vscode', 'mcp.json')}`);
    expect(dry.stdout).toContain('+      "args": ["mcp", "gateway", "run", "--servers", "memory"]');
    expect(dry.stdout).toContain('Dry run:');
    await expect(readdir(project)).resolves.toEqual([]);

    const file = join(project, '.vscode', 'mcp.json');
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, '{\n  // team servers\n  "servers": {\n    "github": { "type": "http", "url": "https://example.test/mcp" }\n  }\n}\n');
    const connect = await runCli(['client', 'connect', 'vscode', '--project'], { env: env(), cwd: project });
    expect(connect.code).toBe(0);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('// team servers');
    expect(text).toContain('"github"');
    expect(text).toContain('"mcp-portal": {\n      "type": "stdio"');
  });

  it('connects Continue: its own block file in a project (--dry-run first), its config.yaml keeping comments', { timeout: SPAWN_TIMEOUT * 2 }, async () => {
    const block = join(project, '.continue', 'mcpServers', 'mcp-portal.yaml');
    const dry = await runCli(['client', 'connect', 'continue', '--project', '--dry-run'], { env: env(), cwd: project });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`+++ ${block}`);
    expect(dry.stdout).toContain('+    args: [mcp, gateway, run]');
    await expect(readdir(project)).resolves.toEqual([]);
    expect((await runCli(['client', 'connect', 'continue', '--project'], { env: env(), cwd: project })).code).toBe(0);
    expect(parseYaml(await readFile(block, 'utf8'))).toEqual({
      name: 'MCP Portal',
      version: '0.0.1',
      schema: 'v1',
      mcpServers: [{ name: gatewayEntryName, type: 'stdio', command: 'docker', args: ['mcp', 'gateway', 'run'] }],
    });

    const configFile = join(home, '.continue', 'config.yaml');
    const config = '# mine\nname: Local Config\nversion: 1.0.0\nschema: v1\nmcpServers:\n  - name: other # keep\n    command: npx\n';
    await mkdir(dirname(configFile), { recursive: true });
    await writeFile(configFile, config);
    const connect = await runCli(['client', 'connect', 'continue', '--servers', 'memory'], { env: env() });
    expect(connect.code).toBe(0);
    expect(connect.stdout).toContain(`Added to ${configFile} the entry "${gatewayEntryName}"`);
    expect(await readFile(configFile, 'utf8')).toBe(
      `${config}  - name: mcp-portal\n    type: stdio\n    command: docker\n    args: [mcp, gateway, run, --servers, memory]\n`,
    );
    expect((await runCli(['client', 'connect', 'continue', '--servers', 'memory'], { env: env() })).stdout).toContain('Continue (global) is already connected');
    const ls = JSON.parse((await runCli(['client', 'ls', '--json'], { env: env(), cwd: project })).stdout) as {
      client: string;
      scope: string;
      connected: boolean;
    }[];
    expect(ls.filter((status) => status.client === 'continue').map((status) => [status.scope, status.connected])).toEqual([
      ['global', true],
      ['project', true],
    ]);
    expect((await runCli(['client', 'disconnect', 'continue'], { env: env() })).code).toBe(0);
    expect(await readFile(configFile, 'utf8')).toBe(config);
  });

  it('refuses an unknown client, a missing scope and a file that is not JSON, changing nothing', { timeout: SPAWN_TIMEOUT * 2 }, async () => {
    const unknown = await runCli(['client', 'connect', 'notepad'], { env: env() });
    expect(unknown.code).toBe(1);
    expect(expectOneErrorLine(unknown.stderr)).toBe(`Error: Unknown client "notepad": the known clients are ${clients.map((client) => client.id).join(', ')}.`);

    const scope = await runCli(['client', 'connect', 'claude-desktop', '--project'], { env: env() });
    expect(expectOneErrorLine(scope.stderr)).toBe('Error: Claude Desktop has no project configuration file: use --global.');

    const broken = '{\n  "mcpServers": {\n    "a": { "command": "x" },\n  }\n}\n';
    await mkdir(dirname(desktopConfig()), { recursive: true });
    await writeFile(desktopConfig(), broken);
    const refused = await runCli(['client', 'connect', 'claude-desktop'], { env: env() });
    expect(refused.code).toBe(1);
    expect(expectOneErrorLine(refused.stderr)).toBe(
      `Error: ${desktopConfig()} is not valid JSON: line 4, column 3: property name expected. Fix it first; nothing was changed.`,
    );
    expect(await readFile(desktopConfig(), 'utf8')).toBe(broken);
    expect(await readdir(dirname(desktopConfig()))).toEqual(['claude_desktop_config.json']);
  });

  it('works through the real Docker CLI (docker mcp client connect cursor)', { timeout: SPAWN_TIMEOUT }, async () => {
    const plugins = join(home, '.docker', 'cli-plugins');
    await mkdir(plugins, { recursive: true });
    await symlink(binary, join(plugins, 'docker-mcp'));
    const connect = await run('docker', ['mcp', 'client', 'connect', 'cursor'], { env: env() });
    expect(connect.stderr).toBe('');
    expect(connect.code).toBe(0);
    expect(JSON.parse(await readFile(join(home, '.cursor', 'mcp.json'), 'utf8'))).toEqual({
      mcpServers: { [gatewayEntryName]: { command: 'docker', args: ['mcp', 'gateway', 'run'] } },
    });
  });
});
