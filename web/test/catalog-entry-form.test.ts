import { describe, expect, it } from 'vitest';
import { apiErrorField, checkEntryForm, emptyEntryForm, entryFormFrom, entryInputOf, fieldOf, type EntryFormState } from '../src/catalog-entry-form.ts';
import type { CatalogEntryData } from '../src/graphql/servers-documents.ts';

const form = (patch: Partial<EntryFormState>): EntryFormState => ({ ...emptyEntryForm, name: 'acme', ...patch });
const errorsOf = (state: EntryFormState) => {
  const checked = checkEntryForm(state);
  return checked.ok ? {} : checked.errors;
};

describe('the catalog entry form', () => {
  it('turns the form into the API input: one way of running, lists split, empty fields left out', () => {
    const built = entryInputOf(
      form({
        image: 'mcp/acme:1',
        runPackage: 'ignored-while-an-image',
        tags: 'a, b, ,c',
        allowHosts: '',
        configSchema: '{"type": "object"}',
        oauthScopes: 'read',
      }),
    );
    expect(built).toEqual({
      ok: true,
      input: expect.objectContaining({
        type: 'SERVER',
        image: 'mcp/acme:1',
        run: null,
        remote: null,
        tags: ['a', 'b', 'c'],
        allowHosts: null,
        configSchema: { type: 'object' },
        oauth: { providers: [], scopes: ['read'] },
        title: null,
      }),
    });
    const remote = entryInputOf(form({ type: 'REMOTE', image: 'kept-out', remoteUrl: ' https://mcp.example.com ', remoteTransport: 'sse' }));
    expect(remote.ok && remote.input).toMatchObject({ image: null, run: null, remote: { url: 'https://mcp.example.com', transportType: 'sse' } });
  });

  it('refuses a configuration schema that is not JSON, or not an object or a list of objects', () => {
    expect(errorsOf(form({ image: 'x', configSchema: '{' }))).toEqual({ configSchema: expect.stringMatching(/^configSchema: not valid JSON/) });
    expect(errorsOf(form({ image: 'x', configSchema: '[1]' }))).toEqual({ configSchema: expect.stringMatching(/JSON Schema object/) });
    expect(errorsOf(form({ image: 'x', configSchema: '[{"type": "object"}]' }))).toEqual({});
  });

  it('puts each problem of the shared format under the field it names, naming it', () => {
    expect(errorsOf(form({ name: 'Not OK', image: 'x' }))).toEqual({ name: expect.stringMatching(/^name: names are lower-case/) });
    expect(errorsOf(form({}))).toEqual({ image: 'a server entry needs an image or a run command' });
    expect(errorsOf(form({ runsAs: 'package' }))).toMatchObject({ 'run.package': expect.stringContaining('run.package') });
    expect(errorsOf(form({ type: 'REMOTE' }))).toEqual({ 'remote.url': 'remote: a remote entry needs remote.url' });
    expect(errorsOf(form({ type: 'REMOTE', remoteUrl: 'ftp://x' }))).toEqual({ 'remote.url': 'remote.url: must be an http or https URL' });
    expect(
      errorsOf(
        form({
          image: 'x',
          secrets: [{ name: 's', env: 'PATH', description: '', example: '' }],
          tags: 'x'.repeat(101),
          runEnv: [{ name: 'NODE_OPTIONS', value: '' }],
        }),
      ),
    ).toEqual({
      'secrets[0].env': expect.stringMatching(/^secrets\[0\]\.env: PATH may not be set/),
      tags: 'tags[0]: must be at most 100 characters',
    });
    const packaged = form({ runsAs: 'package', runPackage: '@scope/server', runEnv: [{ name: 'NODE_OPTIONS', value: '' }] });
    expect(errorsOf(packaged)).toEqual({ 'run.env[0].name': expect.stringMatching(/^run\.env\.NODE_OPTIONS: NODE_OPTIONS may not be set/) });
    expect(fieldOf('configSchema[0].properties', packaged)).toBe('configSchema');
  });

  it('places the API’s refusals: a named field, the name, or above the buttons', () => {
    const state = form({ secrets: [{ name: 's', env: 'E', description: '', example: '' }] });
    expect(apiErrorField('Invalid catalog entry "acme" (secrets[0].env): nope', 'BAD_USER_INPUT', state)).toBe('secrets[0].env');
    expect(apiErrorField('Invalid catalog entry "acme" (run.package): left-pad is not on the list', 'BAD_USER_INPUT', state)).toBe('run.package');
    expect(apiErrorField('Invalid catalog entry name: must be at most 63 characters', 'BAD_USER_INPUT', state)).toBe('name');
    expect(apiErrorField('There is already a custom catalog entry named "acme": update it instead.', 'CONFLICT', state)).toBe('name');
    expect(apiErrorField('Forbidden', 'FORBIDDEN', state)).toBe('');
  });

  it('prefills the form from an entry, which checks and sends back the same entry', () => {
    const entry = {
      name: 'acme',
      title: 'acme',
      description: 'Acme',
      type: 'SERVER',
      source: 'CUSTOM',
      category: 'search',
      tags: ['a', 'b'],
      image: null,
      command: [],
      run: { command: 'node', package: '@scope/server', bin: null, args: ['--x'], env: [{ name: 'REGION', value: 'eu' }] },
      remoteUrl: null,
      remoteTransport: null,
      tools: ['search'],
      secrets: [{ name: 'acme.token', env: 'ACME_TOKEN', example: null, description: 'Token' }],
      env: [],
      configSchema: [{ type: 'object' }],
      disableNetwork: false,
      allowHosts: ['api.acme.example'],
      oauth: null,
      readme: null,
      license: null,
      icon: null,
      requirements: [],
      runnability: { canRun: true, runtime: 'PROCESS', reason: null },
    } as unknown as CatalogEntryData;
    const state = entryFormFrom(entry);
    expect(state).toMatchObject({
      runsAs: 'package',
      runPackage: '@scope/server',
      title: '',
      configSchema: '{\n  "type": "object"\n}',
      allowHosts: 'api.acme.example',
    });
    const checked = checkEntryForm(state);
    expect(checked.ok && checked.input).toMatchObject({
      run: { package: '@scope/server', bin: null, args: ['--x'], env: [{ name: 'REGION', value: 'eu' }] },
      secrets: [{ name: 'acme.token', env: 'ACME_TOKEN', description: 'Token', example: null }],
      tools: [{ name: 'search', description: null }],
      tags: ['a', 'b'],
      allowHosts: ['api.acme.example'],
    });
  });
});
