import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEntry, type CatalogEntry } from '../src/services/catalog-entry.ts';
import { fileEntryPolicy, serverEnvNameProblem, validateEntry, type EntryPolicy } from '@mcp-portal/schema/catalog-format';
import { parseCatalogYaml } from '../src/services/catalog-yaml.ts';
import { launchPlanFor, LaunchPlanError, type LaunchSettings } from '../src/services/lifecycle/launch-plan.ts';
import { platformPathProblem } from '../src/services/platform-paths.ts';
import { RunnablePackages, parseRunnablePackages } from '../src/services/runnable-packages.ts';
import { serverEnvironment } from '../src/services/server-environment.ts';

const denied = [
  'NODE_OPTIONS',
  'NODE_PATH',
  'NODE_REPL_EXTERNAL_MODULE',
  'NODE_EXTRA_CA_CERTS',
  'NPM_CONFIG_PREFIX',
  'LD_PRELOAD',
  'LD_LIBRARY_PATH',
  'LD_AUDIT',
  'LD_DEBUG',
  'LD_DEBUG_OUTPUT',
  'DYLD_INSERT_LIBRARIES',
  'GLIBC_TUNABLES',
  'PYTHONPATH',
  'PYTHONSTARTUP',
  'PYTHONHOME',
  'PERL5OPT',
  'PERL5LIB',
  'PERLLIB',
  'RUBYOPT',
  'RUBYLIB',
  'JAVA_TOOL_OPTIONS',
  'JDK_JAVA_OPTIONS',
  'CLASSPATH',
  'DOTNET_STARTUP_HOOKS',
  'CORECLR_PROFILER_PATH',
  'BASH_ENV',
  'ENV',
  'PATH',
  'HOME',
  'SHELL',
  'IFS',
  'PS4',
  'PROMPT_COMMAND',
  'GIT_SSH_COMMAND',
  'GIT_CONFIG_GLOBAL',
  'OPENSSL_CONF',
  'GCONV_PATH',
  'UV_INDEX_URL',
  'PIP_INDEX_URL',
  'MCP_MASTER_KEY',
  'DATABASE_URL',
];
const badlyNamed = ['node_options', 'Path', '_JAVA_OPTIONS', '1ABC', 'A-B', 'A B', ''];
const allowed = ['MEMORY_FILE_PATH', 'GITHUB_PERSONAL_ACCESS_TOKEN', 'API_KEY', 'X', 'TZ', 'LANG', 'HTTP_PROXY', 'NODEJS_FLAVOUR_NOT'];

describe('the one rule for a server environment', () => {
  it.each(denied)('refuses %s', (name) => expect(serverEnvNameProblem(name)).toMatch(/may not be set by a catalog entry/));
  it.each(badlyNamed)('refuses the name %j', (name) => expect(serverEnvNameProblem(name)).toMatch(/upper-case letters/));
  it.each(allowed)('allows %s', (name) => expect(serverEnvNameProblem(name)).toBeNull());

  it('names the variable and its source, never the value', () => {
    expect(() => serverEnvironment([{ name: 'NODE_OPTIONS', value: '--import=evil', from: 'env' }])).toThrowError(/^env: NODE_OPTIONS may not be set/);
    let message = '';
    try {
      serverEnvironment([{ name: 'TOKEN', value: 'hunter\0two-value', from: 'secret "api.token"' }]);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/secret "api.token": the value of TOKEN contains a NUL byte/);
    expect(message).not.toContain('hunter');
    expect(
      serverEnvironment([
        { name: 'A', value: '1', from: 'env' },
        { name: 'A', value: '2', from: 'run.env' },
      ]),
    ).toEqual({ A: '2' });
  });
});

const runnable = new RunnablePackages([{ name: '@modelcontextprotocol/server-memory', bin: null }]);
const apiPolicy: EntryPolicy = { processes: 'runnable-packages', runnableProblem: (name, bin) => runnable.problem(name, bin) };
const placements: [string, (name: string) => Record<string, unknown>, (name: string) => string[]][] = [
  ['env', (name) => ({ image: 'mcp/x', env: [{ name, value: 'v' }] }), () => ['env', '0', 'name']],
  ['secrets', (name) => ({ image: 'mcp/x', secrets: [{ name: 's', env: name }] }), () => ['secrets', '0', 'env']],
  ['run.env', (name) => ({ run: { package: '@modelcontextprotocol/server-memory', env: { [name]: 'v' } } }), (name) => ['run', 'env', name]],
  ['oauth', (name) => ({ type: 'remote', remote: { url: 'https://example.test/mcp' }, oauth: { providers: [{ provider: 'p', env: name }] } }), () => ['oauth']],
];

describe('every source of entries applies it', () => {
  for (const [where, entryWith, pathOf] of placements) {
    for (const [policyName, policy] of [
      ['catalog file', fileEntryPolicy],
      ['API and import', apiPolicy],
    ] as const) {
      it.each(['NODE_OPTIONS', 'LD_PRELOAD', 'PYTHONPATH', 'node_options'])(`${policyName}: refuses %s in ${where}`, (name) => {
        const result = validateEntry('x', entryWith(name), policy);
        expect(result.ok).toBe(false);
        const path = pathOf(name);
        if (!result.ok) expect(result.problems[0]?.path.map(String).slice(0, path.length)).toEqual(path);
      });
      it(`${policyName}: accepts an ordinary variable in ${where}`, () => expect(validateEntry('x', entryWith('SERVICE_URL'), policy).ok).toBe(true));
    }
  }

  it('an import in YAML is held to it entry by entry', () => {
    const parsed = parseCatalogYaml(
      [
        'registry:',
        '  a:',
        '    image: mcp/a',
        '    env: [{ name: NODE_OPTIONS, value: "--import=data:text/javascript,0" }]',
        '  b:',
        '    image: mcp/b',
        '    secrets: [{ name: s, env: LD_PRELOAD }]',
        '  c:',
        '    image: mcp/c',
      ].join('\n'),
      apiPolicy,
    );
    expect(parsed.entries.map((entry) => entry.name)).toEqual(['c']);
    expect(parsed.skipped.map((issue) => issue.name)).toEqual(['a', 'b']);
  });
});

describe('every runtime applies it at launch, also to entries stored before the rule', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'mcp-server-env-'));
  });
  afterAll(async () => rm(scratch, { recursive: true, force: true }));

  /** An entry as the table could hold it from before this rule: built directly, without validation. */
  const unchecked = (document: Record<string, unknown>): CatalogEntry =>
    describeEntry('legacy', { type: 'server', description: '', secrets: [], tools: [], ...document }, 'custom');
  const settings = (preference: 'docker' | 'process'): LaunchSettings => ({
    preference,
    dockerAvailable: preference === 'docker',
    cpus: 1,
    memoryBytes: 256 * 1024 * 1024,
    serversDataDir: join(scratch, 'servers'),
    platformDataDir: scratch,
  });
  const base = { image: 'mcp/legacy', run: { package: '@modelcontextprotocol/server-memory', args: [], env: {} } };

  it.each([
    ['docker', { ...base, env: [{ name: 'NODE_OPTIONS', value: '--import=data:text/javascript,0' }] }, /env: NODE_OPTIONS may not be set/],
    ['process', { ...base, env: [{ name: 'NODE_OPTIONS', value: '--import=data:text/javascript,0' }] }, /env: NODE_OPTIONS may not be set/],
    ['process', { ...base, run: { ...base.run, env: { LD_DEBUG: 'all' } } }, /run\.env: LD_DEBUG may not be set/],
    ['docker', { ...base, secrets: [{ name: 'boot', env: 'NODE_OPTIONS' }] }, /secret "boot": NODE_OPTIONS may not be set/],
    ['process', { ...base, secrets: [{ name: 'boot', env: 'NODE_OPTIONS' }] }, /secret "boot": NODE_OPTIONS may not be set/],
  ] as const)('%s: refuses a loader variable', (runtime, document, message) => {
    const secrets = { boot: '--import=data:text/javascript,0' };
    expect(() => launchPlanFor(randomUUID(), unchecked(document), settings(runtime), { values: {}, secrets })).toThrowError(LaunchPlanError);
    expect(() => launchPlanFor(randomUUID(), unchecked(document), settings(runtime), { values: {}, secrets })).toThrowError(message);
  });

  it("refuses a process server whose arguments or configuration name the platform's data directory", () => {
    const filesystem = (args: string[]) => unchecked({ run: { package: '@modelcontextprotocol/server-filesystem', args, env: {} } });
    const launch =
      (args: string[], values: Record<string, unknown> = {}) =>
      () =>
        launchPlanFor(randomUUID(), filesystem(args), settings('process'), { values, secrets: {} });
    expect(launch(['{dataDir}/../..'])).toThrowError(/an argument: ".*" names the platform's data directory/);
    expect(launch([scratch])).toThrowError(LaunchPlanError);
    expect(launch(['{{filesystem.paths}}'], { 'filesystem.paths': ['/usr/share', join(scratch, 'master.key')] })).toThrowError(
      /master\.key" names the platform's data directory/,
    );
    expect(launch(['/proc/self/environ'])).toThrowError(/names \/proc/);
    const secretPath = unchecked({ ...base, secrets: [{ name: 'where', env: 'NOTES_DIR' }] });
    expect(() => launchPlanFor(randomUUID(), secretPath, settings('process'), { values: {}, secrets: { where: scratch } })).toThrowError(
      /the secret in NOTES_DIR names a path/,
    );
    // Its own folder, as the starter catalog gives it, is fine.
    const plan = launch(['{dataDir}'])();
    expect(plan.kind === 'process' && plan.spec.args.at(-1)).toBe(join(scratch, 'servers', 'legacy'));
  });

  it('refuses a secret value with a NUL byte, without repeating it', () => {
    const entry = unchecked({ ...base, secrets: [{ name: 'token', env: 'API_TOKEN' }] });
    let message = '';
    try {
      launchPlanFor(randomUUID(), entry, settings('process'), { values: {}, secrets: { token: 'abc\0def-secret' } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/secret "token": the value of API_TOKEN contains a NUL byte/);
    expect(message).not.toContain('def-secret');
  });
});

describe('runnable packages', () => {
  it('are the bundled catalog packages with their bins, plus MCP_RUNNABLE_PACKAGES', () => {
    expect(parseRunnablePackages(' @acme/notes:notes-mcp , weather ')).toEqual([
      { name: '@acme/notes', bin: 'notes-mcp' },
      { name: 'weather', bin: null },
    ]);
    expect(() => parseRunnablePackages('a:b:c')).toThrowError(/"a:b:c" is not a package or package:bin/);
    expect(() => parseRunnablePackages('../evil')).toThrowError(/is not a package/);
    const list = new RunnablePackages(
      [
        { name: '@modelcontextprotocol/server-memory', bin: null },
        { name: 'tsx', bin: 'tsx' },
      ],
      () => true,
    );
    expect(list.problem('@modelcontextprotocol/server-memory', null)).toBeNull();
    expect(list.problem('tsx', 'tsx')).toBeNull();
    expect(list.problem('tsx', null)).toBeNull();
    expect(list.problem('typescript', null)).toMatch(/typescript is not on the list of runnable packages/);
    expect(list.problem('@modelcontextprotocol/server-memory', 'other')).toMatch(/only the default bin/);
  });
});

describe("the platform's own files", () => {
  let dataDir: string;
  let serverDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mcp-platform-paths-'));
    serverDir = join(dataDir, 'servers', 'filesystem');
    await mkdir(serverDir, { recursive: true });
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  const problemOf = (text: string) => platformPathProblem(text, serverDir, { dataDir, serversDir: join(dataDir, 'servers') });

  it.each([
    () => dataDir,
    () => join(dataDir, 'master.key'),
    () => join(dataDir, 'pgdata'),
    () => join(dataDir, 'pgdata', 'base'),
    () => '../..',
    () => '../../master.key',
    () => '..',
    () => '/',
    () => '/proc',
    () => '/proc/1/environ',
    () => `--root=${dataDir}`,
    () => tmpdir(),
  ])('refuses an argument that reaches them (%#)', (text) => expect(problemOf(text())).not.toBeNull());

  it.each([() => serverDir, () => '.', () => 'stdio', () => join(serverDir, 'notes'), () => '/usr/share', () => 'https://api.github.com', () => 'true'])(
    "allows the server's own folder and paths elsewhere (%#)",
    (text) => expect(problemOf(text())).toBeNull(),
  );
});
