import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '@mcp-portal/platform/testing';
import type { ConfigValueView, ServerStateView } from '../src/lib/operations.ts';
import { PortalError } from '../src/lib/errors.ts';
import { checkEnableSecretNames, enableConfig, enableRefusal, enableRefusalLines, readEnableSecrets } from '../src/lib/enable-settings.ts';
import type { SecretListing } from '../src/lib/secrets.ts';
import { runCli, tempDockerConfig, type RunResult } from './helpers.ts';

const TIMEOUT = 60_000;
const SERVER = 'cli-enable-settings';

/** The memory server, declaring a secret and a bounded configuration value. */
const entry = {
  name: SERVER,
  entry: {
    title: 'Memory with settings',
    description: 'The memory server, with a secret and a configuration value it does not use.',
    run: { package: '@modelcontextprotocol/server-memory' },
    secrets: [{ name: 'memory.token', env: 'MEMORY_TOKEN' }],
    configSchema: [{ name: 'memory', type: 'object', properties: { max_entities: { type: 'integer', minimum: 1 }, label: { type: 'string' } } }],
  },
};

describe('enable settings helpers', () => {
  it('turns the refusal extensions into lines naming each key and secret', () => {
    const error = new PortalError('Invalid settings for x: …', {
      code: 'BAD_USER_INPUT',
      extensions: {
        code: 'BAD_USER_INPUT',
        invalidConfig: [{ key: 'memory.max_entities', path: 'memory.max_entities', message: 'must be >= 1' }],
        invalidSecrets: [{ name: 'other', message: 'is not a secret of x' }],
        missingSecrets: ['memory.token'],
      },
    });
    const refusal = enableRefusal(error);
    expect(refusal).toEqual({
      invalidConfig: [{ key: 'memory.max_entities', path: 'memory.max_entities', message: 'must be >= 1' }],
      invalidSecrets: [{ name: 'other', message: 'is not a secret of x' }],
      missingConfig: [],
      missingSecrets: ['memory.token'],
    });
    expect(enableRefusalLines(refusal!)).toEqual([
      'config memory.max_entities: must be >= 1',
      'secret other: is not a secret of x',
      'secret memory.token: needed to start (give it with --secret memory.token)',
    ]);
    expect(enableRefusal(new PortalError('no', { code: 'CONFLICT', extensions: { code: 'CONFLICT' } }))).toBeNull();
    expect(enableRefusal(new PortalError('no', { code: 'BAD_USER_INPUT', extensions: { code: 'BAD_USER_INPUT' } }))).toBeNull();
  });

  it('parses --config as config set does and reads one secret from stdin, or prompts for each', async () => {
    expect(enableConfig([], false)).toBeUndefined();
    expect(enableConfig(['a.n=42', 'a.s=text'], false)).toEqual({ 'a.n': 42, 'a.s': 'text' });
    expect(enableConfig(['a.n=42'], true)).toEqual({ 'a.n': '42' });
    expect(() => enableConfig(['a=1', 'a=2'], false)).toThrow('The key a is given twice.');
    expect(() => checkEnableSecretNames(['gh.token=ghp_abc'])).toThrow(/never from an argument/);
    expect(() => checkEnableSecretNames(['a', 'a'])).toThrow('The secret a is given twice.');

    const prompted: string[] = [];
    const prompt = (name: string) => (prompted.push(name), Promise.resolve(`value-of-${name}`));
    expect(await readEnableSecrets([], { fromStdin: true, readStdin: () => Promise.resolve('x'), prompt })).toBeUndefined();
    expect(await readEnableSecrets(['a'], { fromStdin: true, readStdin: () => Promise.resolve('from stdin'), prompt })).toEqual({ a: 'from stdin' });
    expect(await readEnableSecrets(['a', 'b'], { fromStdin: false, readStdin: () => Promise.reject(new Error('not stdin')), prompt })).toEqual({
      a: 'value-of-a',
      b: 'value-of-b',
    });
    expect(prompted).toEqual(['a', 'b']);
    await expect(readEnableSecrets(['a', 'b'], { fromStdin: true, readStdin: () => Promise.resolve('x'), prompt })).rejects.toThrow(
      /stdin holds the value of one secret/,
    );
    await expect(readEnableSecrets(['a'], { fromStdin: true, readStdin: () => Promise.resolve(''), prompt })).rejects.toThrow(/No secret value on stdin/);
  });
});

describe('docker mcp server enable --config --secret against the platform', () => {
  let platform: TestPlatform;
  let config: string;
  let adminToken: string;
  const secretValue = `s3cr3t-${randomBytes(12).toString('hex')}`;
  const outputs: string[] = [];
  const asAdmin = async (args: string[], input?: string): Promise<RunResult> => {
    const result = await runCli(args, {
      env: { DOCKER_CONFIG: config, DOCKER_MCP_URL: platform.url, DOCKER_MCP_TOKEN: adminToken },
      ...(input === undefined ? {} : { input }),
    });
    outputs.push(result.stdout, result.stderr);
    return result;
  };
  const enabledNames = async () => {
    const ls = await asAdmin(['server', 'ls', '--json']);
    expect(ls.code).toBe(0);
    return (JSON.parse(ls.stdout) as ServerStateView[]).map((server) => server.name);
  };

  beforeAll(async () => {
    platform = await startTestPlatform({ label: 'cli-enable-settings' });
    config = await tempDockerConfig();
    adminToken = await platform.adminToken();
    const created = await platform.request(
      'mutation($input: CreateCatalogEntryInput!) { createCatalogEntry(input: $input) { name } }',
      { input: entry },
      adminToken,
    );
    expect(created.errors).toBeUndefined();
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
    if (config) await rm(config, { recursive: true, force: true });
    // No output ever holds the secret's value.
    for (const output of outputs) expect(output).not.toContain(secretValue);
  });

  it('a refused config value is named on its own line and nothing is enabled', { timeout: TIMEOUT }, async () => {
    const refused = await asAdmin(
      ['server', 'enable', SERVER, '--config', 'memory.max_entities=0', '--config', 'memory.label=ok', '--secret', 'memory.token'],
      secretValue,
    );
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^config memory\.max_entities: must be >= 1$/),
      'Error: The settings were refused, so nothing was enabled.',
    ]);

    // With a start, a secret the entry needs is missing; --json gives the problems as fields.
    const json = await asAdmin(['server', 'enable', SERVER, '--config', 'memory.max_entities=0', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      error: {
        message: expect.stringContaining('Invalid settings'),
        code: 'BAD_USER_INPUT',
        invalidConfig: [{ key: 'memory.max_entities', path: 'memory.max_entities', message: expect.stringMatching(/>= 1/) }],
        invalidSecrets: [],
        missingConfig: [],
        missingSecrets: ['memory.token'],
      },
    });
    expect(json.stderr).toContain('secret memory.token: needed to start (give it with --secret memory.token)');

    expect(await enabledNames()).not.toContain(SERVER);
  });

  it('enables and starts a server with its config and secret in one call', { timeout: TIMEOUT }, async () => {
    const enable = await asAdmin(
      [
        'server',
        'enable',
        SERVER,
        '--config',
        'memory.max_entities=5',
        '--config',
        'memory.label=hello',
        '--secret',
        'memory.token',
        '--wait',
        '--timeout',
        '30',
        '--json',
      ],
      `${secretValue}\n`,
    );
    expect(enable.code).toBe(0);
    expect(JSON.parse(enable.stdout)).toMatchObject({ name: SERVER, status: 'RUNNING' });

    const [configLs, secretLs] = await Promise.all([asAdmin(['config', 'ls', SERVER, '--json']), asAdmin(['secret', 'ls', SERVER, '--json'])]);
    expect(configLs.code).toBe(0);
    expect(Object.fromEntries((JSON.parse(configLs.stdout) as ConfigValueView[]).map((value) => [value.key, value.value]))).toEqual({
      'memory.max_entities': 5,
      'memory.label': 'hello',
    });
    expect((JSON.parse(secretLs.stdout) as SecretListing[]).map((secret) => [secret.name, secret.state])).toEqual([['memory.token', 'set']]);
  });
});
