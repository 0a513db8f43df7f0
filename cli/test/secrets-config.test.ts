import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import type { ConfigValueView } from '../src/lib/operations.ts';
import { acceptedConfigKeys, checkConfigKeysAccepted, schemaKeys, templateKeys, type ServerWithConfigKeys } from '../src/lib/config-keys.ts';
import { formatConfigValue, parseConfigPairs, parseConfigValue } from '../src/lib/config-values.ts';
import { PortalError } from '../src/lib/errors.ts';
import { checkSecretName, checkSecretValue, secretListing, withoutSecretValue, type SecretListing } from '../src/lib/secrets.ts';
import { binary, expectOneErrorLine, runCli, tempDockerConfig, type RunResult } from './helpers.ts';

const TIMEOUT = 60_000;
const SERVER = 'cli-secret-memory';

/** A custom entry (made through the API) that runs the memory server and needs one secret. */
const entry = {
  name: SERVER,
  entry: {
    title: 'Memory with a token',
    description: 'The memory server, declaring a secret it does not use.',
    run: { package: '@modelcontextprotocol/server-memory' },
    secrets: [{ name: 'memory.token', env: 'MEMORY_TOKEN', description: 'A token the test sets.' }],
    // The keys `config set` may set without --force (the server does not read them: it has no templates).
    configSchema: [
      {
        name: 'memory',
        type: 'object',
        properties: Object.fromEntries(['max_entities', 'read_only', 'ratio', 'tags', 'extra', 'mode', 'quoted', 'path', 'label'].map((key) => [key, {}])),
      },
    ],
  },
};

/** A custom entry that reads configuration through its schema and through `{{key}}` templates. */
const KEYS_SERVER = 'cli-config-keys';
const keysEntry = {
  name: KEYS_SERVER,
  entry: {
    title: 'Memory with configuration',
    description: 'The memory server, reading configuration values.',
    run: {
      package: '@modelcontextprotocol/server-memory',
      args: ['--level={{tuning.level|int}}'],
      env: [{ name: 'MEMORY_FILE_PATH', value: '{dataDir}/{{store.file}}' }],
    },
    configSchema: [
      { name: 'store', type: 'object', properties: { file: { type: 'string' }, compress: { type: 'boolean' } } },
      { name: 'region', type: 'string' },
    ],
  },
};

describe('secret and config helpers', () => {
  it('reads KEY=VALUE values as JSON when they are JSON, else as text', () => {
    expect(parseConfigPairs(['n=42', 'f=-1.5', 'b=true', 'l=["a",1]', 'o={"x":{"y":null}}', 's="quoted"', 't=plain text', 'z=0123', 'e==x'])).toEqual([
      { key: 'n', value: 42 },
      { key: 'f', value: -1.5 },
      { key: 'b', value: true },
      { key: 'l', value: ['a', 1] },
      { key: 'o', value: { x: { y: null } } },
      { key: 's', value: 'quoted' },
      { key: 't', value: 'plain text' },
      { key: 'z', value: '0123' },
      { key: 'e', value: '=x' },
    ]);
    expect(parseConfigPairs(['n=42', 'b=true', 'e='], { asString: true }).map((pair) => pair.value)).toEqual(['42', 'true', '']);
    expect(() => parseConfigValue('k', 'null')).toThrow(/^k=null: a value cannot be null/);
    expect(() => parseConfigValue('k', '  ')).toThrow(/^k= has no value/);
    expect(() => parseConfigValue('k', '9007199254740993')).toThrow(/cannot keep exactly/);
    expect(parseConfigValue('k', '9007199254740991')).toBe(9007199254740991);
    expect(() => parseConfigPairs(['a=1', 'a=2'])).toThrow('The key a is given twice.');
    expect(() => parseConfigPairs(['=1'])).toThrow('Values are given as KEY=VALUE: "=1" is not one.');
    expect(() => parseConfigPairs([])).toThrow('Give at least one KEY=VALUE pair.');
    expect(formatConfigValue('x'.repeat(100))).toHaveLength(60);
    expect(formatConfigValue(42)).toBe('42');
    expect(formatConfigValue('42')).toBe('"42"');
  });

  it('knows the config keys an entry reads: its schema (as the portal stores them) and its {{key}} templates', () => {
    expect(
      schemaKeys([
        { name: 'filesystem', type: 'object', properties: { paths: { type: 'array' }, readOnly: { type: 'boolean' }, broken: true } },
        { type: 'object', properties: { plain: { type: 'string' } } },
        { name: ' level ', type: ['integer', 'null'] },
        { name: 'nothing', type: 'object' },
        { name: 'untyped' },
        'not a schema',
      ]),
    ).toEqual(['filesystem.paths', 'filesystem.readOnly', 'plain', 'level']);
    expect(schemaKeys({ name: 'one', type: 'object', properties: { a: {} } })).toEqual(['one.a']);
    expect(schemaKeys(null)).toEqual([]);
    expect(templateKeys(['--root={{root}} --x={{ a.b }}', '{{list|join:,}} {{root}}', '{{ spaced | int }}', '{dataDir}', '{{}}'])).toEqual([
      'root',
      'a.b',
      'list',
    ]);

    const entry = {
      name: 'e',
      configSchema: [{ name: 'store', type: 'object', properties: { file: {} } }],
      command: ['--region={{region}}'],
      env: [{ value: '{{store.file}}' }],
      run: { args: ['{{paths}}'], env: [{ value: 'x-{{token.scope|upper}}' }] },
    };
    expect(acceptedConfigKeys(entry)).toEqual(['paths', 'region', 'store.file', 'token.scope']);
    expect(acceptedConfigKeys({ name: 'bare', configSchema: null, command: [], env: [], run: null })).toEqual([]);

    const server = (catalogEntry: ServerWithConfigKeys['catalogEntry']): ServerWithConfigKeys => ({ id: 's1', name: 'srv', status: 'STOPPED', catalogEntry });
    expect(() => checkConfigKeysAccepted(server(entry), ['region', 'paths'])).not.toThrow();
    expect(() => checkConfigKeysAccepted(server(entry), ['region', 'store'])).toThrow(
      'The catalog entry of srv uses no config key "store" (it accepts paths, region, store.file, token.scope), so the server would not read it; --force sets it anyway.',
    );
    expect(() => checkConfigKeysAccepted(server({ ...entry, configSchema: null, command: [], env: [], run: null }), ['a', 'b'])).toThrow(
      'The catalog entry of srv uses no config keys "a", "b" (it accepts none), so the server would not read them; --force sets them anyway.',
    );
    expect(() => checkConfigKeysAccepted(server(null), ['a'])).toThrow(
      'The catalog entry of srv is no longer in the catalog, so which config keys it reads is unknown; --force sets them anyway.',
    );
  });

  it('lists the declared secrets first, set or missing, then the others', () => {
    const by = { id: 'u1', email: 'a@example.test' };
    const rows = secretListing({
      id: 's1',
      name: 'github',
      status: 'FAILED',
      catalogEntry: {
        name: 'github',
        secrets: [
          { name: 'z.token', env: 'Z', example: null, description: 'last by name, first declared' },
          { name: 'a.token', env: 'A', example: null, description: null },
        ],
      },
      secrets: [
        { name: 'a.token', updatedAt: '2026-01-01T00:00:00Z', updatedBy: by },
        { name: 'extra', updatedAt: '2026-01-02T00:00:00Z', updatedBy: by },
      ],
    });
    expect(rows.map((row) => [row.name, row.env, row.state, row.declared, row.updatedBy?.email ?? null])).toEqual([
      ['z.token', 'Z', 'missing', true, null],
      ['a.token', 'A', 'set', true, 'a@example.test'],
      ['extra', null, 'set', false, 'a@example.test'],
    ]);
  });

  it('never repeats a value, nor a name that breaks the rules (it may be a value in the wrong place)', () => {
    const message = (fn: () => void) => {
      try {
        fn();
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('expected a refusal, but nothing was thrown');
    };
    expect(message(() => checkSecretName('gh.token=ghp_abc'))).toBe(
      'Give only the secret\'s name ("gh.token"): the value is read from stdin or a hidden prompt, never from an argument.',
    );
    expect(message(() => checkSecretName('ghp abc'))).not.toContain('ghp');
    expect(message(() => checkSecretName('=ghp_abc'))).not.toContain('ghp');
    expect(message(() => checkSecretValue(' \n', 'stdin'))).toBe('No secret value on stdin (it is empty): nothing was set.');
    expect(message(() => checkSecretValue('é'.repeat(40_000), 'prompt'))).toBe(
      'The secret value is 80000 bytes; at most 65536 (64 KiB) are allowed: nothing was set.',
    );
    expect(() => checkSecretValue('x'.repeat(65_536), 'stdin')).not.toThrow();

    const quoted = withoutSecretValue(new PortalError('Invalid value "hunter22" for hunter22', { code: 'BAD_USER_INPUT' }), 'hunter22');
    expect(quoted).toBeInstanceOf(PortalError);
    expect(quoted).toMatchObject({ message: 'Invalid value "***" for ***', code: 'BAD_USER_INPUT' });
    const other = new PortalError('Your role (viewer) may not use Mutation.setServerSecret.', { code: 'FORBIDDEN' });
    expect(withoutSecretValue(other, 'hunter22')).toBe(other);
  });
});

const hasScript = process.platform === 'linux' && spawnSync('script', ['--version']).status === 0;

describe('docker mcp secret and config against the platform', () => {
  let platform: TestPlatform;
  let config: string;
  let adminToken: string;
  let viewerToken: string;
  let adminEmail: string;
  /** Every secret value any test sets: none may appear in any output. */
  const values: string[] = [];
  const outputs: string[] = [];
  const newValue = () => {
    const value = `s3cr3t-${randomBytes(12).toString('hex')}`;
    values.push(value);
    return value;
  };
  const env = (token: string) => ({ DOCKER_CONFIG: config, DOCKER_MCP_URL: platform.url, DOCKER_MCP_TOKEN: token });
  const cli = async (token: string, args: string[], input?: string): Promise<RunResult> => {
    const result = await runCli(args, { env: env(token), ...(input === undefined ? {} : { input }) });
    outputs.push(result.stdout, result.stderr);
    return result;
  };
  const asAdmin = (args: string[], input?: string) => cli(adminToken, args, input);
  const asViewer = (args: string[], input?: string) => cli(viewerToken, args, input);
  const secretList = async () => {
    const ls = await asAdmin(['secret', 'ls', SERVER, '--json']);
    expect(ls.stderr).toBe('');
    expect(ls.code).toBe(0);
    return JSON.parse(ls.stdout) as SecretListing[];
  };
  const children = new Set<ChildProcess>();

  beforeAll(async () => {
    platform = await startTestPlatform({ label: 'cli-secrets-config' });
    config = await tempDockerConfig();
    adminToken = await platform.adminToken();
    adminEmail = platform.admin.email;
    const [viewer, created] = await Promise.all([
      platform.request<{ createApiToken: { token: string } }>('mutation { createApiToken(name: "secrets-viewer", role: VIEWER) { token } }', {}, adminToken),
      platform.request('mutation($input: CreateCatalogEntryInput!) { createCatalogEntry(input: $input) { name } }', { input: entry }, adminToken),
    ]);
    expect(created.errors).toBeUndefined();
    viewerToken = viewer.data!.createApiToken.token;
  }, 120_000);

  afterEach(() => {
    for (const child of children) child.kill('SIGKILL');
    children.clear();
  });

  afterAll(async () => {
    await platform?.close();
    if (config) await rm(config, { recursive: true, force: true });
  });

  it('a server missing a declared secret fails naming it, and secret ls shows it missing', { timeout: TIMEOUT }, async () => {
    const enable = await asAdmin(['server', 'enable', SERVER, '--wait', '--timeout', '30']);
    expect(enable.code).toBe(1);
    expect(enable.stdout).toBe('');
    expect(enable.stderr.trim().split('\n').at(-1)).toMatch(new RegExp(`^Error: ${SERVER} failed: .*needs the secret "memory\\.token"`));

    const [table, json, asViewerTable] = await Promise.all([
      asAdmin(['secret', 'ls', SERVER]),
      asAdmin(['secret', 'ls', SERVER, '--json']),
      asViewer(['secret', 'ls', SERVER]),
    ]);
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    expect(table.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^NAME\s+ENV\s+STATE\s+UPDATED\s+BY$/),
      expect.stringMatching(/^memory\.token\s+MEMORY_TOKEN\s+missing\s+-\s+-$/),
    ]);
    expect(JSON.parse(json.stdout)).toEqual([
      { name: 'memory.token', env: 'MEMORY_TOKEN', state: 'missing', declared: true, description: 'A token the test sets.', updatedAt: null, updatedBy: null },
    ]);
    // Any signed-in user may read the names.
    expect(asViewerTable.code).toBe(0);
    expect(asViewerTable.stdout).toBe(table.stdout);
  });

  it('sets a secret from stdin without ever printing it; the server then starts', { timeout: TIMEOUT }, async () => {
    const first = newValue();
    const set = await asAdmin(['secret', 'set', SERVER, 'memory.token'], `${first}\n`);
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(set.stdout.trim()).toBe(`Set secret memory.token of ${SERVER}; restart it to use it: docker mcp server restart ${SERVER}`);

    // Replaced, with --value-stdin and --json: the answer has the name and who set it, never the value.
    const second = newValue();
    const json = await asAdmin(['secret', 'set', SERVER, 'memory.token', '--value-stdin', '--json'], second);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      server: { id: expect.any(String), name: SERVER, status: 'FAILED' },
      secret: { name: 'memory.token', updatedAt: expect.any(String), updatedBy: { id: expect.any(String), email: adminEmail } },
    });

    const [listed, table] = await Promise.all([secretList(), asAdmin(['secret', 'ls', SERVER])]);
    expect(listed).toEqual([
      {
        name: 'memory.token',
        env: 'MEMORY_TOKEN',
        state: 'set',
        declared: true,
        description: 'A token the test sets.',
        updatedAt: expect.any(String),
        updatedBy: { id: expect.any(String), email: adminEmail },
      },
    ]);
    expect(table.stdout).toMatch(new RegExp(`^memory\\.token\\s+MEMORY_TOKEN\\s+set\\s+.+ ago\\s+${adminEmail.replace(/\./g, '\\.')}$`, 'm'));

    const start = await asAdmin(['server', 'start', SERVER]);
    expect(start.code).toBe(0);
    expect(start.stdout.trim()).toMatch(new RegExp(`^Started ${SERVER} \\(RUNNING, \\d+ tools\\)$`));

    // Nor is it in the server's log or the audit log (which names the secret).
    const [logs, audit] = await Promise.all([asAdmin(['server', 'logs', SERVER, '--json']), asAdmin(['audit', 'ls', '--action', 'secret.set', '--json'])]);
    expect(logs.code).toBe(0);
    expect(audit.code).toBe(0);
    const events = JSON.parse(audit.stdout) as { detail: unknown }[];
    expect(events.map((event) => event.detail)).toEqual([{ name: 'memory.token' }, { name: 'memory.token' }]);
  });

  it.skipIf(!hasScript)('on a terminal, prompts for the value without echoing it', { timeout: TIMEOUT }, async () => {
    const value = newValue();
    const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
    // `script` runs the CLI on a pseudo-terminal; what is written to its stdin is typed.
    const child = spawn('script', ['-qfec', `${quote(binary)} secret set ${SERVER} memory.token`, '/dev/null'], {
      env: { ...process.env, ...env(adminToken) },
      cwd: tmpdir(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.add(child);
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const prompt = `Value of memory.token for ${SERVER}: `;
    await expect.poll(() => output, { timeout: 20_000 }).toContain(prompt);
    child.stdin.write(`${value}\r`);
    expect(await exited).toBe(0);
    outputs.push(output);
    expect(output).toContain(`Set secret memory.token of ${SERVER}; restart it to use it`);
  });

  it('sets typed configuration values, lists them and removes one', { timeout: TIMEOUT }, async () => {
    // Two commands setting different keys: independent, so they run at once.
    const [set, asText] = await Promise.all([
      asAdmin([
        'config',
        'set',
        SERVER,
        'memory.max_entities=500',
        'memory.read_only=false',
        'memory.ratio=0.5',
        'memory.tags=["a","b"]',
        'memory.extra={"depth":2}',
        'memory.mode=fast',
        'memory.quoted="42"',
        'memory.path=/tmp/with spaces',
      ]),
      asAdmin(['config', 'set', SERVER, 'memory.label=123', '--string', '--json']),
    ]);
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(set.stdout.trim()).toBe(
      `Set config memory.max_entities, memory.read_only, memory.ratio, memory.tags, memory.extra, memory.mode, memory.quoted, memory.path of ${SERVER}; ` +
        `restart it to use them: docker mcp server restart ${SERVER}`,
    );
    expect(asText.code).toBe(0);
    expect(JSON.parse(asText.stdout)).toMatchObject({
      server: { name: SERVER },
      config: [{ key: 'memory.label', value: '123', updatedBy: { email: adminEmail } }],
    });

    const [json, table] = await Promise.all([asAdmin(['config', 'ls', SERVER, '--json']), asViewer(['config', 'ls', SERVER])]);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const values = Object.fromEntries((JSON.parse(json.stdout) as ConfigValueView[]).map((entry) => [entry.key, entry.value]));
    expect(values).toEqual({
      'memory.max_entities': 500,
      'memory.read_only': false,
      'memory.ratio': 0.5,
      'memory.tags': ['a', 'b'],
      'memory.extra': { depth: 2 },
      'memory.mode': 'fast',
      'memory.quoted': '42',
      'memory.path': '/tmp/with spaces',
      'memory.label': '123',
    });
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^KEY\s+VALUE\s+UPDATED\s+BY$/);
    expect(lines).toContainEqual(expect.stringMatching(/^memory\.max_entities\s+500\s+.+ ago\s+\S+@\S+$/));
    expect(lines).toContainEqual(expect.stringMatching(/^memory\.tags\s+\["a","b"\]\s/));
    expect(lines).toContainEqual(expect.stringMatching(/^memory\.quoted\s+"42"\s/));

    // Bad pairs are refused before anything is sent (each command on its own, all at once).
    const badPairs = [
      ['memory.none=null', /^Error: memory\.none=null: a value cannot be null/],
      ['memory.empty=', /^Error: memory\.empty= has no value/],
      ['not-a-pair', /^Error: Values are given as KEY=VALUE: "not-a-pair" is not one\.$/],
      ['bad key=1', /^Error: Invalid config key "bad key": keys use letters, digits/],
      ['memory.big=12345678901234567890', /^Error: memory\.big=12345678901234567890 is a number JSON cannot keep exactly/],
    ] as const;
    const refused = await Promise.all(badPairs.map(([pair]) => asAdmin(['config', 'set', SERVER, 'memory.ok=1', pair])));
    for (const [index, [, message]] of badPairs.entries()) {
      expect(refused[index]?.code).toBe(1);
      expect(expectOneErrorLine(refused[index]?.stderr ?? '')).toMatch(message);
    }
    const after = JSON.parse((await asAdmin(['config', 'ls', SERVER, '--json'])).stdout) as ConfigValueView[];
    expect(after.map((entry) => entry.key)).not.toContain('memory.ok');

    const removed = await asAdmin(['config', 'rm', SERVER, 'memory.mode']);
    expect(removed.stderr).toBe('');
    expect(removed.code).toBe(0);
    expect(removed.stdout.trim()).toBe(`Removed config memory.mode of ${SERVER}; restart it to apply: docker mcp server restart ${SERVER}`);
    const again = await asAdmin(['config', 'rm', SERVER, 'memory.mode', '--json']);
    expect(again.code).toBe(1);
    expect(expectOneErrorLine(again.stderr)).toBe(`Error: ${SERVER} has no config value "memory.mode": see \`docker mcp config ls ${SERVER}\`.`);
  });

  it('refuses config keys the catalog entry does not read, naming those it reads; --force sets them', { timeout: TIMEOUT }, async () => {
    const created = await platform.request(
      'mutation($input: CreateCatalogEntryInput!) { createCatalogEntry(input: $input) { name } }',
      { input: keysEntry },
      adminToken,
    );
    expect(created.errors).toBeUndefined();
    for (const enabled of await Promise.all([KEYS_SERVER, 'time'].map((name) => asAdmin(['server', 'enable', name, '--no-start']))))
      expect(enabled.code).toBe(0);

    const ok = await asAdmin(['config', 'set', KEYS_SERVER, 'store.file=a.json', 'region=eu', 'tuning.level=3']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout.trim()).toBe(
      `Set config store.file, region, tuning.level of ${KEYS_SERVER}; restart it to use them: docker mcp server restart ${KEYS_SERVER}`,
    );

    const [typo, two, none] = await Promise.all([
      asAdmin(['config', 'set', KEYS_SERVER, 'store.file=b.json', 'store.fiel=b.json']),
      asAdmin(['config', 'set', SERVER, 'memory.nope=1', 'memory.mode=x', 'other=2', '--json']),
      asAdmin(['config', 'set', 'time', 'zone=UTC']),
    ]);
    for (const result of [typo, two, none]) {
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
    }
    expect(expectOneErrorLine(typo.stderr)).toBe(
      `Error: The catalog entry of ${KEYS_SERVER} uses no config key "store.fiel" (it accepts region, store.compress, store.file, tuning.level), ` +
        'so the server would not read it; --force sets it anyway.',
    );
    expect(expectOneErrorLine(two.stderr)).toBe(
      `Error: The catalog entry of ${SERVER} uses no config keys "memory.nope", "other" (it accepts memory.extra, memory.label, memory.max_entities, ` +
        'memory.mode, memory.path, memory.quoted, memory.ratio, memory.read_only, memory.tags), so the server would not read them; --force sets them anyway.',
    );
    expect(expectOneErrorLine(none.stderr)).toBe(
      'Error: The catalog entry of time uses no config key "zone" (it accepts none), so the server would not read it; --force sets it anyway.',
    );
    // Nothing of a refused command was set, not even its accepted keys.
    const values = async (server: string) =>
      Object.fromEntries(
        (JSON.parse((await asAdmin(['config', 'ls', server, '--json'])).stdout) as ConfigValueView[]).map((entry) => [entry.key, entry.value]),
      );
    const [keysValues, timeValues] = await Promise.all([values(KEYS_SERVER), values('time')]);
    expect(keysValues).toEqual({ 'store.file': 'a.json', region: 'eu', 'tuning.level': 3 });
    expect(timeValues).toEqual({});

    const forced = await asAdmin(['config', 'set', 'time', 'zone=UTC', '--force', '--json']);
    expect(forced.stderr).toBe('');
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toEqual({
      server: { id: expect.any(String), name: 'time', status: 'STOPPED' },
      config: [{ key: 'zone', value: 'UTC', updatedAt: expect.any(String), updatedBy: { id: expect.any(String), email: adminEmail } }],
    });
    expect(await values('time')).toEqual({ zone: 'UTC' });
    expect((await asAdmin(['server', 'disable', 'time'])).code).toBe(0);
  });

  it('refuses values as arguments, bad names, empty values and undeclared names without echoing a value', { timeout: TIMEOUT }, async () => {
    const value = newValue();
    const [asArgument, asPair, badName, empty, undeclared] = await Promise.all([
      asAdmin(['secret', 'set', SERVER, 'memory.token', value]),
      asAdmin(['secret', 'set', SERVER, `memory.token=${value}`]),
      asAdmin(['secret', 'set', SERVER, `my token ${value}`]),
      asAdmin(['secret', 'set', SERVER, 'memory.token'], '\n'),
      asAdmin(['secret', 'set', SERVER, 'memory.other'], value),
    ]);
    for (const result of [asArgument, asPair, badName, empty, undeclared]) {
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
    }
    expect(expectOneErrorLine(asArgument.stderr)).toMatch(/^Error: secret set takes no value argument: pipe the value on stdin/);
    expect(expectOneErrorLine(asPair.stderr)).toBe(
      'Error: Give only the secret\'s name ("memory.token"): the value is read from stdin or a hidden prompt, never from an argument.',
    );
    expect(expectOneErrorLine(badName.stderr)).toMatch(/^Error: That is not a secret name: names use letters, digits/);
    expect(expectOneErrorLine(empty.stderr)).toBe('Error: No secret value on stdin (it is empty): nothing was set.');
    expect(expectOneErrorLine(undeclared.stderr)).toBe(
      `Error: The catalog entry of ${SERVER} declares no secret "memory.other" (it declares memory.token), so the server would not get it; --force sets it anyway.`,
    );

    // --force sets it; secret ls lists it after the declared ones and notes that the server does not get it.
    const forced = await asAdmin(['secret', 'set', SERVER, 'memory.other', '--force'], newValue());
    expect(forced.code).toBe(0);
    const [ls, listed] = await Promise.all([asAdmin(['secret', 'ls', SERVER]), secretList()]);
    expect(ls.stdout).toMatch(/^memory\.other\s+-\s+set\s/m);
    expect(ls.stderr.trim()).toBe(`Note: the catalog entry of ${SERVER} does not declare memory.other, so the server does not get it.`);
    expect(listed.map((row) => [row.name, row.declared])).toEqual([
      ['memory.token', true],
      ['memory.other', false],
    ]);
    const removed = await asAdmin(['secret', 'rm', SERVER, 'memory.other', '--json']);
    expect(removed.stderr).toBe('');
    expect(JSON.parse(removed.stdout)).toEqual({ server: { id: expect.any(String), name: SERVER, status: 'RUNNING' }, name: 'memory.other', deleted: true });
  });

  it('gives a viewer one FORBIDDEN line, and unknown servers one line too', { timeout: TIMEOUT }, async () => {
    const value = newValue();
    const [secretSet, secretRm, configSet, configRm] = await Promise.all([
      asViewer(['secret', 'set', SERVER, 'memory.token'], value),
      asViewer(['secret', 'rm', SERVER, 'memory.token']),
      asViewer(['config', 'set', SERVER, 'memory.mode=safe']),
      asViewer(['config', 'rm', SERVER, 'memory.tags']),
    ]);
    for (const [result, field] of [
      [secretSet, 'setServerSecret'],
      [secretRm, 'deleteServerSecret'],
      [configSet, 'setServerConfig'],
      [configRm, 'deleteServerConfig'],
    ] as const) {
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(expectOneErrorLine(result.stderr)).toBe(`Error: Your role (viewer) may not use Mutation.${field}.`);
    }
    const [listed, ...unknown] = await Promise.all([
      secretList(),
      asAdmin(['secret', 'ls', 'no-such-server']),
      asAdmin(['secret', 'set', 'no-such-server', 'memory.token'], value),
      asAdmin(['config', 'ls', 'no-such-server']),
      asAdmin(['config', 'set', 'no-such-server', 'a=1']),
    ]);
    expect(listed[0]).toMatchObject({ name: 'memory.token', state: 'set' });
    for (const result of unknown) {
      expect(result.code).toBe(1);
      expect(expectOneErrorLine(result.stderr)).toBe('Error: There is no enabled server named "no-such-server" or with that id: see `docker mcp server ls`.');
    }
  });

  it('removes the secret: secret ls shows it missing and the next start fails naming it', { timeout: TIMEOUT }, async () => {
    const removed = await asAdmin(['secret', 'rm', SERVER, 'memory.token']);
    expect(removed.code).toBe(0);
    expect(removed.stdout.trim()).toBe(`Removed secret memory.token of ${SERVER}; restart it to apply: docker mcp server restart ${SERVER}`);
    expect(removed.stderr.trim()).toBe(`Warning: the catalog entry of ${SERVER} needs memory.token: ${SERVER} will not start again until it is set.`);
    // Both only read (a second rm of what is gone changes nothing).
    const [listed, again] = await Promise.all([secretList(), asAdmin(['secret', 'rm', SERVER, 'memory.token'])]);
    expect(listed[0]).toMatchObject({ name: 'memory.token', state: 'missing', updatedAt: null });
    expect(again.code).toBe(1);
    expect(expectOneErrorLine(again.stderr)).toBe(`Error: ${SERVER} has no secret "memory.token": see \`docker mcp secret ls ${SERVER}\`.`);

    const restart = await asAdmin(['server', 'restart', SERVER, '--timeout', '30']);
    expect(restart.code).toBe(1);
    expect(restart.stderr.trim().split('\n').at(-1)).toMatch(new RegExp(`^Error: ${SERVER} failed: .*needs the secret "memory\\.token"`));
    const disabled = await asAdmin(['server', 'disable', SERVER]);
    expect(disabled.code).toBe(0);
  });

  afterAll(() => {
    // Whatever ran, no secret value reached any output (stdout, stderr, --json, logs, audit, the terminal).
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) for (const output of outputs) expect(output).not.toContain(value);
  });
});
