import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import type { ToolCallAnswer, ListedTool } from '../src/lib/operations.ts';
import { PortalError } from '../src/lib/errors.ts';
import { DEFAULT_OUTPUT_WIDTH, formatFittedTable, outputWidth, truncate } from '../src/lib/format.ts';
import { toolsTable } from '../src/lib/servers.ts';
import { buildToolArguments, coerceArgument, schemaTypes } from '../src/lib/tool-arguments.ts';
import { toolCounts, toolCountsTable, type ToolCounts } from '../src/lib/tools.ts';
import { binary, cliDir, expectOneErrorLine, run, runCli, tempDockerConfig } from './helpers.ts';

const SPAWN_TIMEOUT = 60_000;

const searchTool = {
  name: 'search',
  inputSchema: {
    type: 'object',
    properties: {
      query: { type: 'string' },
      limit: { type: 'integer' },
      ratio: { type: 'number' },
      exact: { type: 'boolean' },
      tags: { type: 'array', items: { type: 'string' } },
      filter: { type: 'object' },
      label: { type: ['string', 'null'] },
      either: { anyOf: [{ type: 'number' }, { type: 'string' }] },
      untyped: {},
    },
    required: ['query'],
  },
};

describe('tool arguments (key=value, --arguments)', () => {
  it('reads the types a property schema allows', () => {
    expect([...schemaTypes({ type: 'string' })]).toEqual(['string']);
    expect([...schemaTypes({ type: ['integer', 'null'] })]).toEqual(['integer', 'null']);
    expect([...schemaTypes({ oneOf: [{ type: 'array' }, { type: 'object' }] })]).toEqual(['array', 'object']);
    expect(schemaTypes({}).size).toBe(0);
    expect(schemaTypes(true).size).toBe(0);
  });

  it('converts values by the schema: strings as they are, the rest as JSON', () => {
    expect(
      buildToolArguments(searchTool, [
        'query=42',
        'limit=3',
        'ratio=0.5',
        'exact=false',
        'tags=["a","b"]',
        'filter={"x":1}',
        'label=null',
        'either=7',
        'untyped=true',
      ]),
    ).toEqual({ query: '42', limit: 3, ratio: 0.5, exact: false, tags: ['a', 'b'], filter: { x: 1 }, label: null, either: 7, untyped: 'true' });
    // Only the first "=" splits; a union with string falls back to the text.
    expect(buildToolArguments(searchTool, ['query=a=b', 'label=hello', 'either=seven'])).toEqual({ query: 'a=b', label: 'hello', either: 'seven' });
    expect(coerceArgument('query', '', { type: 'string' })).toBe('');
  });

  it('refuses values of the wrong type with the argument named', () => {
    expect(() => buildToolArguments(searchTool, ['query=x', 'limit=2.5'])).toThrow('The argument limit must be an integer, not "2.5".');
    expect(() => buildToolArguments(searchTool, ['query=x', 'exact=yes'])).toThrow('The argument exact must be a boolean in JSON, not "yes".');
    expect(() => buildToolArguments(searchTool, ['query=x', 'tags=a,b'])).toThrow('The argument tags must be an array in JSON, not "a,b".');
    expect(() => buildToolArguments(searchTool, ['query=x', 'filter=[1]'])).toThrow('The argument filter must be an object, not "[1]".');
  });

  it('merges --arguments under key=value pairs and checks names and required ones', () => {
    expect(buildToolArguments(searchTool, ['limit=5'], '{"query":"q","limit":1}')).toEqual({ query: 'q', limit: 5 });
    expect(() => buildToolArguments(searchTool, ['query=q', 'colour=red', 'size=2'])).toThrow(
      'The tool search has no arguments colour, size: its arguments are query, limit, ratio, exact, tags, filter, label, either, untyped.',
    );
    expect(() => buildToolArguments(searchTool, [], '{"query":"q","nope":1}')).toThrow('The tool search has no argument nope');
    expect(() => buildToolArguments({ name: 'read_graph', inputSchema: { type: 'object', properties: {} } }, ['x=1'])).toThrow(
      'The tool read_graph has no argument x: it takes no arguments.',
    );
    expect(() => buildToolArguments(searchTool, ['limit=1'])).toThrow('The tool search needs the argument query (key=value or --arguments).');
    expect(() => buildToolArguments(searchTool, ['query'])).toThrow('Arguments are key=value pairs: "query" is not one.');
    expect(() => buildToolArguments(searchTool, ['=x'])).toThrow(PortalError);
    expect(() => buildToolArguments(searchTool, ['query=a', 'query=b'])).toThrow('The argument query is given twice.');
    expect(() => buildToolArguments(searchTool, [], '[1]')).toThrow('--arguments must be a JSON object');
    expect(() => buildToolArguments(searchTool, [], '{oops')).toThrow(/^--arguments is not valid JSON/);
    // A schema that allows more properties takes other keys as strings.
    expect(buildToolArguments({ name: 'open', inputSchema: { type: 'object', additionalProperties: true } }, ['any=1'])).toEqual({ any: '1' });
  });
});

describe('tools ls width and tools count (unit)', () => {
  const tool = (name: string, server: string, description: string | null): ListedTool => ({
    name,
    server: { id: `${server}-id`, name: server },
    title: null,
    description,
    inputSchema: { type: 'object' },
    outputSchema: null,
    annotations: null,
    policy: { enabled: true, minRole: 'OPERATOR' },
  });

  it('cuts text with "…" only when it is longer than allowed', () => {
    expect(truncate('abcdef', 6)).toBe('abcdef');
    expect(truncate('abcdefg', 6)).toBe('abcde…');
    expect(truncate('abc  defg', 6)).toBe('abc…');
    expect(truncate('😀😀😀😀', 3)).toBe('😀😀…');
    expect(truncate('abc', 0)).toBe('');
  });

  it('fits the last column to the width, never cutting the others, keeping 20 characters at least', () => {
    const rows = [
      ['a', 'x'.repeat(50)],
      ['long-name', 'short'],
    ];
    const lines = formatFittedTable(['NAME', 'TEXT'], rows, 40).split('\n');
    expect(lines).toEqual(['NAME        TEXT', `a           ${'x'.repeat(27)}…`, 'long-name   short']);
    expect(Math.max(...lines.map((line) => line.length))).toBe(40);
    expect(formatFittedTable(['NAME', 'TEXT'], rows, 10).split('\n')[1]).toBe(`a           ${'x'.repeat(19)}…`);
    expect(formatFittedTable(['NAME', 'TEXT'], rows, undefined).split('\n')[1]).toBe(`a           ${'x'.repeat(50)}`);
  });

  it('cuts tool descriptions (their first line) to the width', () => {
    const tools = [tool('search', 'memory', `Find things ${'in the graph '.repeat(10)}\nSecond line`), tool('read', 'memory', null)];
    const lines = toolsTable(tools, 60).split('\n');
    // 60 characters leave 32 for the description: 31 and the "…".
    expect(lines[1]).toBe('search   memory   enabled   Find things in the graph in the…');
    expect(lines[2]).toBe('read     memory   enabled');
    expect(toolsTable(tools).split('\n')[1]).toBe(`search   memory   enabled   Find things ${'in the graph '.repeat(10).trim()}`);
    const policies = toolsTable([
      { ...tool('off', 'memory', null), policy: { enabled: false, minRole: 'ADMIN' } },
      { ...tool('admins', 'memory', null), policy: { enabled: true, minRole: 'ADMIN' } },
    ]);
    expect(policies.split('\n').slice(1)).toEqual(['off      memory   disabled', 'admins   memory   admin-only']);
  });

  it('uses the terminal width on a terminal, else 100', () => {
    expect(outputWidth({ isTTY: true, columns: 42 })).toBe(42);
    expect(outputWidth({ isTTY: false, columns: 42 })).toBe(DEFAULT_OUTPUT_WIDTH);
    expect(outputWidth({})).toBe(100);
    expect(outputWidth({ isTTY: true, columns: 0 })).toBe(100);
  });

  it('counts tools per server and in total, servers without tools included', () => {
    const counts = toolCounts([
      { id: '2', name: 'memory', status: 'RUNNING', tools: [{ name: 'a' }, { name: 'b' }] },
      { id: '1', name: 'fetch', status: 'STOPPED', tools: [] },
      { id: '3', name: 'time', status: 'RUNNING', tools: [{ name: 'now' }] },
    ]);
    expect(counts).toEqual({
      total: 3,
      servers: [
        { id: '1', name: 'fetch', status: 'STOPPED', tools: 0 },
        { id: '2', name: 'memory', status: 'RUNNING', tools: 2 },
        { id: '3', name: 'time', status: 'RUNNING', tools: 1 },
      ],
    });
    expect(toolCountsTable(counts).split('\n')).toEqual([
      'SERVER   STATUS    TOOLS',
      'fetch    STOPPED   0',
      'memory   RUNNING   2',
      'time     RUNNING   1',
      'TOTAL              3',
    ]);
    expect(toolCountsTable(toolCounts([]), { total: true }).split('\n')).toEqual(['SERVER   STATUS   TOOLS', 'TOTAL             0']);
  });
});

const hasScript = process.platform === 'linux' && spawnSync('script', ['--version']).status === 0;

describe('docker mcp tools against the platform', () => {
  let platform: TestPlatform;
  let config: string;
  let adminToken: string;
  let viewerToken: string;
  /** Unique per run, in case the memory server keeps its graph between runs. */
  const entity = `cli-entity-${randomBytes(4).toString('hex')}`;
  const env = (token: string) => ({ DOCKER_CONFIG: config, DOCKER_MCP_URL: platform.url, DOCKER_MCP_TOKEN: token });
  const asAdmin = (args: string[]) => runCli(args, { env: env(adminToken) });
  const asViewer = (args: string[]) => runCli(args, { env: env(viewerToken) });

  beforeAll(async () => {
    platform = await startTestPlatform({ label: 'cli-tools' });
    config = await tempDockerConfig();
    adminToken = await platform.adminToken();
    const viewer = await platform.request<{ createApiToken: { token: string } }>(
      'mutation { createApiToken(name: "tools-viewer", role: VIEWER) { token } }',
      {},
      adminToken,
    );
    viewerToken = viewer.data!.createApiToken.token;
    const enable = await runCli(['server', 'enable', 'memory', '--wait'], { env: env(adminToken) });
    if (enable.code !== 0) throw new Error(`server enable memory --wait failed: ${enable.stderr}`);
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
    if (config) await rm(config, { recursive: true, force: true });
  });

  it('lists the tools of a server as a table or JSON; a viewer may list them', { timeout: SPAWN_TIMEOUT }, async () => {
    const [table, json] = await Promise.all([asViewer(['tools', 'ls', '--server', 'memory']), asAdmin(['tools', 'ls', '--json'])]);
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    const [header, ...rows] = table.stdout.trim().split('\n');
    expect(header).toMatch(/^NAME\s+SERVER\s+POLICY\s+DESCRIPTION$/);
    expect(rows.find((row) => row.startsWith('create_entities '))).toMatch(/^create_entities\s+memory\s+enabled\s+Create multiple new entities/);
    expect(rows.every((row) => /^\S+\s+memory(\s|$)/.test(row))).toBe(true);

    expect(json.code).toBe(0);
    const tools = JSON.parse(json.stdout) as ListedTool[];
    expect(tools.find((tool) => tool.name === 'read_graph')).toMatchObject({ server: { name: 'memory' }, inputSchema: { type: 'object' } });
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(rows.map((row) => row.split(/\s+/)[0])));
  });

  it('inspects a tool: description, pretty input schema, annotations', { timeout: SPAWN_TIMEOUT }, async () => {
    const [text, json, unknown] = await Promise.all([
      asAdmin(['tools', 'inspect', 'memory', 'create_entities']),
      asAdmin(['tools', 'inspect', 'memory', 'create_entities', '--json']),
      asAdmin(['tools', 'inspect', 'memory', 'no_such_tool']),
    ]);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Name:\s+create_entities$/m);
    expect(text.stdout).toMatch(/^Server:\s+memory$/m);
    expect(text.stdout).toMatch(/^Description:\n {2}Create multiple new entities/m);
    expect(text.stdout).toMatch(/^Input schema:\n {2}\{\n {4}"type": "object",/m);
    expect(text.stdout).toContain('"entities": {');

    expect(JSON.parse(json.stdout)).toMatchObject({ name: 'create_entities', inputSchema: { properties: { entities: { type: 'array' } } } });

    expect(unknown.code).toBe(1);
    expect(expectOneErrorLine(unknown.stderr)).toBe('Error: memory has no tool named "no_such_tool": see `docker mcp tools ls --server memory`.');
  });

  it('cuts descriptions to 100 characters in a pipe; --no-trunc, --json and tools inspect keep them whole', { timeout: SPAWN_TIMEOUT }, async () => {
    const [table, whole, json, inspect] = await Promise.all([
      asViewer(['tools', 'ls', '--server', 'memory']),
      asViewer(['tools', 'ls', '--server', 'memory', '--no-trunc']),
      asViewer(['tools', 'ls', '--server', 'memory', '--json']),
      asViewer(['tools', 'inspect', 'memory', 'create_relations']),
    ]);
    for (const result of [table, whole, json, inspect]) {
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    }
    const description = (JSON.parse(json.stdout) as ListedTool[]).find((tool) => tool.name === 'create_relations')?.description ?? '';
    // The memory server's description of create_relations is longer than a 100-character line leaves for it.
    expect(description.length).toBeGreaterThan(80);
    const lines = table.stdout.trimEnd().split('\n');
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(100);
    const cut = lines.find((line) => line.startsWith('create_relations '));
    expect(cut?.length).toBeGreaterThan(95);
    expect(cut).toMatch(/^create_relations\s+memory\s+enabled\s+Create multiple new relations .*…$/);
    expect(description.startsWith(cut?.replace(/^create_relations\s+memory\s+enabled\s+/, '').slice(0, -1) ?? '-')).toBe(true);

    const full = whole.stdout.split('\n').find((line) => line.startsWith('create_relations '));
    expect(full).toMatch(new RegExp(`^create_relations\\s+memory\\s+enabled\\s+${description.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    expect(whole.stdout).not.toContain('…');
    expect(inspect.stdout).toContain(`  ${description}`);
  });

  it.skipIf(!hasScript)('on a terminal, cuts descriptions to its width', { timeout: SPAWN_TIMEOUT }, async () => {
    // `script` gives the CLI a pseudo-terminal; stty makes it 70 columns wide.
    const result = await run('script', ['-qfec', `stty cols 70; '${binary}' tools ls --server memory`, '/dev/null'], { env: env(viewerToken) });
    expect(result.code).toBe(0);
    const lines = result.stdout.replaceAll('\r', '').trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+SERVER\s+POLICY\s+DESCRIPTION$/);
    expect(lines.length).toBeGreaterThan(5);
    expect(Math.max(...lines.map((line) => line.length))).toBe(70);
    // 70 columns leave 29 characters for "Read the entire knowledge graph".
    expect(lines.find((line) => line.startsWith('read_graph '))).toMatch(/^read_graph\s+memory {3}enabled {3}Read the entire knowledge gr…$/);
  });

  it('counts the tools per server and in total', { timeout: SPAWN_TIMEOUT }, async () => {
    const [enable, listed] = await Promise.all([asAdmin(['server', 'enable', 'time', '--no-start']), asAdmin(['tools', 'ls', '--server', 'memory', '--json'])]);
    expect(enable.code).toBe(0);
    const memoryTools = (JSON.parse(listed.stdout) as ListedTool[]).length;
    expect(memoryTools).toBeGreaterThan(5);

    const [table, json, one, oneJson, stopped, unknown] = await Promise.all([
      asViewer(['tools', 'count']),
      asViewer(['tools', 'count', '--json']),
      asViewer(['tools', 'count', '--server', 'memory']),
      asViewer(['tools', 'count', '--server', 'memory', '--json']),
      asViewer(['tools', 'count', '--server', 'time']),
      asViewer(['tools', 'count', '--server', 'no-such-server']),
    ]);
    for (const result of [table, json, one, oneJson]) {
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    }
    expect(table.stdout.trim().split('\n')).toEqual([
      'SERVER   STATUS    TOOLS',
      `memory   RUNNING   ${memoryTools}`,
      'time     STOPPED   0',
      `TOTAL              ${memoryTools}`,
    ]);
    expect(JSON.parse(json.stdout)).toEqual({
      total: memoryTools,
      servers: [
        { id: expect.any(String), name: 'memory', status: 'RUNNING', tools: memoryTools },
        { id: expect.any(String), name: 'time', status: 'STOPPED', tools: 0 },
      ],
    });
    expect(one.stdout.trim().split('\n')).toEqual(['SERVER   STATUS    TOOLS', `memory   RUNNING   ${memoryTools}`]);
    const single = JSON.parse(oneJson.stdout) as ToolCounts;
    expect(single).toEqual({ total: memoryTools, servers: [{ id: expect.any(String), name: 'memory', status: 'RUNNING', tools: memoryTools }] });
    // By id too.
    const byId = await asViewer(['tools', 'count', '--server', single.servers[0]?.id ?? '-', '--json']);
    expect(JSON.parse(byId.stdout)).toEqual(single);

    expect(stopped.code).toBe(0);
    expect(stopped.stdout.trim().split('\n')).toEqual(['SERVER   STATUS    TOOLS', 'time     STOPPED   0']);
    expect(stopped.stderr.trim()).toBe('time has announced no tools yet (it is STOPPED): start it with `docker mcp server start time`.');

    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(expectOneErrorLine(unknown.stderr)).toBe('Error: There is no enabled server named "no-such-server" or with that id: see `docker mcp server ls`.');
    const disable = await asAdmin(['server', 'disable', 'time']);
    expect(disable.code).toBe(0);
  });

  it(
    'disables a tool and enables it again, for admins only or for operators; tools ls shows the policy; only admins may',
    { timeout: SPAWN_TIMEOUT },
    async () => {
      const policyOf = async (tool: string) =>
        (await asViewer(['tools', 'ls', '--server', 'memory'])).stdout.split('\n').find((row) => row.startsWith(`${tool} `));
      const disabled = await asAdmin(['tools', 'disable', 'memory', 'delete_relations']);
      expect(disabled.stderr).toBe('');
      expect(disabled.code).toBe(0);
      expect(disabled.stdout.trim()).toBe(
        'Disabled delete_relations of memory: the gateway-proxy no longer lists it and refuses every call of it (GraphQL callTool too).',
      );
      const [disabledPolicy, call] = await Promise.all([
        policyOf('delete_relations'),
        asAdmin(['tools', 'call', 'memory', 'delete_relations', '--arguments', '{"relations":[]}']),
      ]);
      expect(disabledPolicy).toMatch(/^delete_relations\s+memory\s+disabled\s+/);
      expect(call.code).toBe(1);
      expect(expectOneErrorLine(call.stderr)).toBe('Error: The tool delete_relations of memory is disabled by the tool policy of this platform.');

      const adminOnly = await asAdmin(['tools', 'enable', 'memory', 'delete_relations', '--min-role', 'admin', '--json']);
      expect(adminOnly.code).toBe(0);
      expect(JSON.parse(adminOnly.stdout)).toMatchObject({ tool: 'delete_relations', enabled: true, minRole: 'ADMIN', server: { name: 'memory' } });
      expect(await policyOf('delete_relations')).toMatch(/^delete_relations\s+memory\s+admin-only\s+/);
      const back = await asAdmin(['tools', 'enable', 'memory', 'delete_relations', '--min-role', 'operator']);
      expect(back.stdout.trim()).toBe('Enabled delete_relations of memory for operators and admins.');
      expect(await policyOf('delete_relations')).toMatch(/^delete_relations\s+memory\s+enabled\s+/);

      // Three refusals, none of which changes a policy: at once.
      const [refused, unknown, badRole] = await Promise.all([
        asViewer(['tools', 'disable', 'memory', 'delete_relations']),
        asAdmin(['tools', 'disable', 'memory', 'no_such_tool']),
        asAdmin(['tools', 'enable', 'memory', 'read_graph', '--min-role', 'root']),
      ]);
      expect(refused.code).toBe(1);
      expect(expectOneErrorLine(refused.stderr)).toBe('Error: Your role (viewer) may not use Mutation.setToolPolicy.');
      expect(unknown.code).toBe(1);
      expect(expectOneErrorLine(unknown.stderr)).toMatch(/^Error: The server memory has no tool named "no_such_tool" \(its tools: .*read_graph.*\)\.$/);
      expect(badRole.code).not.toBe(0);
      expect(badRole.stderr).toContain('operator');
      expect(await policyOf('read_graph')).toMatch(/^read_graph\s+memory\s+enabled\s+/);
    },
  );

  it('calls tools with --arguments and key=value pairs and prints the text result', { timeout: SPAWN_TIMEOUT }, async () => {
    const create = await asAdmin([
      'tools',
      'call',
      'memory',
      'create_entities',
      '--arguments',
      JSON.stringify({ entities: [{ name: entity, entityType: 't', observations: ['o'] }] }),
    ]);
    expect(create.stderr).toBe('');
    expect(create.code).toBe(0);
    expect(create.stdout).toContain(entity);

    const [read, search] = await Promise.all([
      asAdmin(['tools', 'call', 'memory', 'read_graph']),
      asAdmin(['tools', 'call', 'memory', 'search_nodes', `query=${entity}`, '--json']),
    ]);
    expect(read.code).toBe(0);
    expect(read.stdout).toContain(entity);

    expect(search.code).toBe(0);
    const result = JSON.parse(search.stdout) as ToolCallAnswer;
    expect(result.isError).toBe(false);
    expect(result.text).toContain(entity);
    expect(result.content).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'text' })]));
  });

  it('refuses bad arguments before calling the tool', { timeout: SPAWN_TIMEOUT }, async () => {
    const ghost = `${entity}-ghost`;
    const [unknownKey, wrongType, missing] = await Promise.all([
      asAdmin(['tools', 'call', 'memory', 'create_entities', `entities=${JSON.stringify([{ name: ghost, entityType: 't', observations: [] }])}`, 'colour=red']),
      asAdmin(['tools', 'call', 'memory', 'create_entities', 'entities=alice']),
      asAdmin(['tools', 'call', 'memory', 'create_entities']),
    ]);
    expect(unknownKey.code).toBe(1);
    expect(unknownKey.stdout).toBe('');
    expect(expectOneErrorLine(unknownKey.stderr)).toBe('Error: The tool create_entities has no argument colour: its arguments are entities.');
    expect(wrongType.code).toBe(1);
    expect(expectOneErrorLine(wrongType.stderr)).toBe('Error: The argument entities must be an array in JSON, not "alice".');
    expect(missing.code).toBe(1);
    expect(expectOneErrorLine(missing.stderr)).toBe('Error: The tool create_entities needs the argument entities (key=value or --arguments).');
    // Nothing was created.
    expect((await asAdmin(['tools', 'call', 'memory', 'read_graph'])).stdout).not.toContain(ghost);
  });

  it('exits 1 when the tool reports an error, keeping its text', { timeout: SPAWN_TIMEOUT }, async () => {
    const failed = await asAdmin([
      'tools',
      'call',
      'memory',
      'add_observations',
      '--arguments',
      JSON.stringify({ observations: [{ entityName: `${entity}-nobody`, contents: ['x'] }] }),
    ]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(`${entity}-nobody`);
    expect(expectOneErrorLine(failed.stderr)).toBe('Error: The tool add_observations reported an error (above).');
  });

  it('works as `docker mcp tools …` through the real Docker CLI', { timeout: SPAWN_TIMEOUT }, async () => {
    const install = await run('npm', ['run', '--silent', 'install-plugin'], { env: { DOCKER_CONFIG: config }, cwd: cliDir });
    expect(install.code).toBe(0);
    const dockerEnv = env(adminToken);
    const [read, unknown] = await Promise.all([
      run('docker', ['mcp', 'tools', 'call', 'memory', 'read_graph', '--json'], { env: dockerEnv }),
      run('docker', ['mcp', 'tools', 'call', 'memory', 'no_such_tool'], { env: dockerEnv }),
    ]);
    expect(read.stderr).toBe('');
    expect(read.code).toBe(0);
    expect((JSON.parse(read.stdout) as ToolCallAnswer).text).toContain(entity);
    expect(unknown.code).toBe(1);
    expect(expectOneErrorLine(unknown.stderr)).toContain('memory has no tool named "no_such_tool"');
  });

  it('refuses a viewer, unknown servers and stopped servers in one line', { timeout: SPAWN_TIMEOUT }, async () => {
    const [forbidden, unknown] = await Promise.all([
      asViewer(['tools', 'call', 'memory', 'read_graph']),
      asAdmin(['tools', 'ls', '--server', 'no-such-server']),
    ]);
    expect(forbidden.code).toBe(1);
    expect(forbidden.stdout).toBe('');
    expect(expectOneErrorLine(forbidden.stderr)).toMatch(/^Error: Your role \(viewer\) may not use Mutation\.callTool\.$/);

    expect(unknown.code).toBe(1);
    expect(expectOneErrorLine(unknown.stderr)).toContain('There is no enabled server named "no-such-server"');

    const stop = await asAdmin(['server', 'stop', 'memory']);
    expect(stop.code).toBe(0);
    const stopped = await asAdmin(['tools', 'call', 'memory', 'read_graph']);
    expect(stopped.code).toBe(1);
    expect(expectOneErrorLine(stopped.stderr)).toBe('Error: memory is not running (STOPPED): start it with `docker mcp server start memory`.');
  });
});
