import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clients, gatewayEntryName, remoteSnippet, stdioSnippet, findClient, displayPath } from '@mcp-portal/schema/clients';
import { lineDiff, parseConfig, withEntry, withoutEntry, type ConfigDocument } from '../src/lib/client-config.ts';
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
    expect(() => parseConfig(doc('{\n  "a": 1,\n  oops\n}'), ['servers'])).toThrow(/mcp\.json is not valid JSON \(comments allowed\): line 3, column 3: .*nothing was changed/);
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
    expect(JSON.parse(stdioSnippet(vscode, { profile: 'work' }))).toEqual({ servers: { [gatewayEntryName]: { type: 'stdio', command: 'docker', args: ['mcp', 'gateway', 'run', '--profile', 'work'] } } });
    expect(JSON.parse(remoteSnippet(vscode, 'http://127.0.0.1:4100/mcp', 'Bearer t') ?? '')).toEqual({ servers: { [gatewayEntryName]: { type: 'http', url: 'http://127.0.0.1:4100/mcp', headers: { Authorization: 'Bearer t' } } } });
    expect(remoteSnippet(findClient('claude-desktop')!, 'http://x/mcp')).toBeUndefined();
    expect(JSON.parse(stdioSnippet(findClient('zed')!))).toEqual({ context_servers: { [gatewayEntryName]: { source: 'custom', command: 'docker', args: ['mcp', 'gateway', 'run'] } } });
    expect(displayPath(findClient('claude-desktop')!.files[0]!.path.win32, 'win32')).toBe('%APPDATA%\\Claude\\claude_desktop_config.json');
    expect(new Set(clients.map((client) => client.id)).size).toBe(clients.length);
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

  it('connects Claude Desktop (creating the file), says when it already is, lists it, disconnects keeping the rest', { timeout: SPAWN_TIMEOUT * 2 }, async () => {
    const connect = await runCli(['client', 'connect', 'claude-desktop'], { env: env() });
    expect(connect.stderr).toBe('');
    expect(connect.code).toBe(0);
    expect(connect.stdout).toContain(`Created ${desktopConfig()} with the entry "${gatewayEntryName}"`);
    expect(JSON.parse(await readFile(desktopConfig(), 'utf8'))).toEqual({ mcpServers: { [gatewayEntryName]: { command: 'docker', args: ['mcp', 'gateway', 'run'] } } });

    const again = await runCli(['client', 'connect', 'claude-desktop'], { env: env() });
    expect(again.stdout).toContain('Claude Desktop is already connected');

    const ls = await runCli(['client', 'ls', '--json'], { env: env(), cwd: project });
    expect(ls.code).toBe(0);
    const statuses = JSON.parse(ls.stdout) as { client: string; scope: string; path: string; exists: boolean; connected: boolean }[];
    expect(statuses.find((status) => status.client === 'claude-desktop')).toMatchObject({ scope: 'global', path: desktopConfig(), exists: true, connected: true });
    expect(statuses.find((status) => status.client === 'cursor' && status.scope === 'project')).toMatchObject({ path: join(project, '.cursor', 'mcp.json'), exists: false, connected: false });

    // Another server and key added by the user survive disconnect; a backup of the file is written first.
    const withOther = JSON.parse(await readFile(desktopConfig(), 'utf8')) as { mcpServers: Record<string, unknown> };
    const edited = JSON.stringify({ globalShortcut: 'Ctrl+Space', mcpServers: { ...withOther.mcpServers, other: { command: 'npx', args: ['x'] } } }, null, 2);
    await writeFile(desktopConfig(), edited);
    const disconnect = await runCli(['client', 'disconnect', 'claude-desktop'], { env: env() });
    expect(disconnect.code).toBe(0);
    expect(disconnect.stdout).toMatch(/Removed the entry "mcp-portal" from .* \(backup: .*claude_desktop_config\.json\.bak-/);
    expect(JSON.parse(await readFile(desktopConfig(), 'utf8'))).toEqual({ globalShortcut: 'Ctrl+Space', mcpServers: { other: { command: 'npx', args: ['x'] } } });
    const backups = (await readdir(dirname(desktopConfig()))).filter((name) => name.includes('.bak-'));
    expect(backups).toHaveLength(1);
    expect(await readFile(join(dirname(desktopConfig()), backups[0]!), 'utf8')).toBe(edited);
  });

  it('--project --dry-run prints the diff and writes nothing; a JSONC file keeps its comments', { timeout: SPAWN_TIMEOUT * 2 }, async () => {
    const dry = await runCli(['client', 'connect', 'vscode', '--project', '--dry-run', '--servers', 'memory'], { env: env(), cwd: project });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`+++ ${join(project, '.vscode', 'mcp.json')}`);
    expect(dry.stdout).toContain('+        "--servers",');
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
    expect(expectOneErrorLine(refused.stderr)).toBe(`Error: ${desktopConfig()} is not valid JSON: line 4, column 3: property name expected. Fix it first; nothing was changed.`);
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
    expect(JSON.parse(await readFile(join(home, '.cursor', 'mcp.json'), 'utf8'))).toEqual({ mcpServers: { [gatewayEntryName]: { command: 'docker', args: ['mcp', 'gateway', 'run'] } } });
  });
});
