import { describe, expect, it } from 'vitest';
import {
  catalogNameSchema,
  fileEntryPolicy,
  maxEntryBytes,
  serverEnvNameProblem,
  validateEntry,
  validateEntryInput,
  type CatalogEntryInput,
  type EntryPolicy,
} from '../src/catalog-format/index.ts';

/** What the API applies to entries it is sent: an allowed npm package only (here: `@allowed/server`). */
const apiPolicy: EntryPolicy = {
  processes: 'runnable-packages',
  runnableProblem: (name) => (name === '@allowed/server' ? null : `${name} is not a runnable package`),
};

const problemsOf = (name: string, input: CatalogEntryInput, policy: EntryPolicy = apiPolicy) => {
  const result = validateEntryInput(name, input, policy);
  return result.ok ? [] : result.problems;
};

describe('the shared catalog format', () => {
  it('names entries in lower case, at most 63 characters', () => {
    expect(catalogNameSchema.safeParse('my-server.v2_x').success).toBe(true);
    for (const bad of ['', 'My', '-x', 'a b', 'x'.repeat(64)]) expect(catalogNameSchema.safeParse(bad).success).toBe(false);
  });

  it('keeps the one rule for variable names', () => {
    expect(serverEnvNameProblem('API_KEY')).toBeNull();
    expect(serverEnvNameProblem('NODE_OPTIONS')).toMatch(/may not be set by a catalog entry/);
    expect(serverEnvNameProblem('lower')).toMatch(/upper-case letters/);
  });

  it('accepts a whole entry and returns it in Docker’s format', () => {
    const result = validateEntryInput(
      'acme',
      {
        title: 'Acme',
        description: 'Acme tools',
        type: 'server',
        image: 'acme/mcp:1',
        command: ['--stdio'],
        secrets: [{ name: 'acme.token', env: 'ACME_TOKEN', description: 'The API token' }],
        env: [{ name: 'ACME_REGION', value: 'eu' }],
        configSchema: { type: 'object', properties: { root: { type: 'string' } } },
        tools: [{ name: 'search' }],
        oauth: { providers: [{ provider: 'acme' }], scopes: ['read'] },
        category: 'devops',
        tags: ['acme', 'search'],
        license: 'MIT',
        icon: 'https://acme.example/icon.png',
      },
      apiPolicy,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.document).toMatchObject({
      image: 'acme/mcp:1',
      config: [{ type: 'object' }],
      metadata: { category: 'devops', tags: ['acme', 'search'], license: 'MIT' },
      oauth: { providers: [{ provider: 'acme' }], scopes: ['read'] },
    });
  });

  it('names each problem’s field as the input names it', () => {
    expect(problemsOf('Bad Name', { image: 'x' })).toEqual([{ field: 'name', message: expect.stringMatching(/lower-case letters/) }]);
    expect(problemsOf('acme', {})).toEqual([{ field: '', message: 'a server entry needs an image or a run command' }]);
    expect(problemsOf('acme', { type: 'remote' })).toEqual([{ field: 'remote', message: 'a remote entry needs remote.url' }]);
    expect(problemsOf('acme', { type: 'remote', remote: { url: 'ftp://acme.example', transportType: 'sse' } })).toEqual([
      { field: 'remote.url', message: 'must be an http or https URL' },
    ]);
    expect(problemsOf('acme', { image: 'x', secrets: [{ name: 'a', env: 'LD_PRELOAD' }] })).toEqual([
      { field: 'secrets[0].env', message: expect.stringMatching(/^LD_PRELOAD may not be set/) },
    ]);
    expect(problemsOf('acme', { image: 'x', env: [{ name: 'ok', value: '1' }] })[0]?.field).toBe('env[0].name');
    expect(problemsOf('acme', { image: 'x', tags: ['fine', ''] })).toEqual([{ field: 'tags[1]', message: 'must not be empty' }]);
    expect(problemsOf('acme', { image: 'x', configSchema: ['not an object'] })[0]?.field).toBe('configSchema[0]');
    expect(problemsOf('acme', { image: 'x', icon: 'x'.repeat(3000) })).toEqual([{ field: 'icon', message: 'must be at most 2048 characters' }]);
  });

  it('holds entries of the API to its runnable packages, and the catalog file to none', () => {
    expect(problemsOf('acme', { run: { command: '/bin/sh' } })).toEqual([
      { field: 'run.package', message: 'entries added through the API run an allowed npm package, not a free command' },
    ]);
    expect(problemsOf('acme', { run: { package: '@other/server' } })).toEqual([{ field: 'run.package', message: '@other/server is not a runnable package' }]);
    expect(problemsOf('acme', { run: { package: '@allowed/server', env: [{ name: 'NODE_OPTIONS', value: '--x' }] } })[0]?.field).toBe('run.env.NODE_OPTIONS');
    expect(problemsOf('acme', { run: { package: '@allowed/server', args: ['--stdio'] } })).toEqual([]);
    expect(validateEntry('acme', { run: { command: '/bin/sh' } }, fileEntryPolicy).ok).toBe(true);
  });

  it('refuses an entry larger than the bound, counted in UTF-8 bytes', () => {
    const readme = 'ü'.repeat(1000);
    const tools = Array.from({ length: 1000 }, (_, index) => ({ name: `tool-${index}`, description: 'é'.repeat(maxEntryBytes / 1000) }));
    expect(problemsOf('acme', { image: 'x', readme, tools })).toEqual([{ field: '', message: `is larger than ${maxEntryBytes / 1024} KiB` }]);
  });
});
