import { describe, expect, it } from 'vitest';
import { collectChanges, collectConfig, configEditorGroups, configGroups, initialValues, storedValues } from '../src/config-schema.ts';

/** The form a config schema makes on the catalog and server pages, what it checks, and what it sends: no browser, no database. */
describe('config form generation', () => {
  const schema = [
    {
      name: 'demo',
      description: 'Demo settings',
      type: 'object',
      properties: {
        url: { type: 'string', description: 'Base URL' },
        port: { type: 'integer', minimum: 1, maximum: 65535 },
        ratio: { type: ['number', 'null'], default: 0.5 },
        verbose: { type: 'boolean', default: true },
        level: { type: 'string', enum: ['debug', 'info'], default: 'info' },
        paths: { type: 'array', items: { type: 'string' } },
        extra: { type: 'object', title: 'Extra', description: 'More settings' },
      },
      required: ['url', 'port'],
    },
    { type: 'object', properties: { flat: { type: 'string' } } },
    { name: 'token_ttl', type: 'integer', description: 'Token lifetime' },
    'not a schema',
  ];

  it('makes one field per property, keyed `<schema name>.<property>`, required first', () => {
    const groups = configGroups(schema);
    expect(groups.map((g) => g.fields.map((f) => `${f.key}:${f.kind}${f.required ? '!' : ''}`))).toEqual([
      ['demo.url:string!', 'demo.port:integer!', 'demo.ratio:number', 'demo.verbose:boolean', 'demo.level:enum', 'demo.paths:string-list', 'demo.extra:json'],
      ['flat:string'],
      ['token_ttl:integer'],
    ]);
    const fields = groups[0]?.fields ?? [];
    expect(fields.find((f) => f.key === 'demo.url')?.label).toBe('Base URL');
    expect(fields.find((f) => f.key === 'demo.extra')).toMatchObject({ label: 'Extra', hint: 'More settings' });
    expect(initialValues(groups)).toMatchObject({ 'demo.ratio': '0.5', 'demo.verbose': true, 'demo.level': '1', 'demo.paths': '' });
    expect(configGroups(null)).toEqual([]);
    expect(configGroups({ type: 'object', properties: { a: { type: 'string' } } })[0]?.fields[0]?.key).toBe('a');
  });

  it('checks the values and types the filled ones', () => {
    const groups = configGroups(schema);
    const empty = collectConfig(groups, initialValues(groups));
    expect(empty.errors).toEqual({ 'demo.url': 'This field is required.', 'demo.port': 'This field is required.' });

    const wrong = collectConfig(groups, { ...initialValues(groups), 'demo.url': 'x', 'demo.port': '70000', 'demo.extra': '{', token_ttl: '1.5' });
    expect(wrong.errors).toMatchObject({ 'demo.port': 'Enter 65535 or less.', token_ttl: 'Enter a whole number.' });
    expect(wrong.errors['demo.extra']).toMatch(/^Enter valid JSON/);

    const right = collectConfig(groups, {
      ...initialValues(groups),
      'demo.url': 'https://example.test',
      'demo.port': '8080',
      'demo.paths': ' /a \n\n/b',
      'demo.extra': '{"x": [1]}',
      'demo.level': '0',
    });
    expect(right.errors).toEqual({});
    expect(Object.fromEntries(right.entries.map((e) => [e.key, e.value]))).toEqual({
      'demo.url': 'https://example.test',
      'demo.port': 8080,
      'demo.ratio': 0.5,
      'demo.verbose': true,
      'demo.level': 'debug',
      'demo.paths': ['/a', '/b'],
      'demo.extra': { x: [1] },
    });
  });

  it('sends only the changed values, and deletes the emptied optional ones', () => {
    const svcSchema = {
      name: 'svc',
      type: 'object',
      properties: { url: { type: 'string' }, port: { type: 'integer' }, debug: { type: 'boolean' }, paths: { type: 'array', items: { type: 'string' } } },
      required: ['url'],
    };
    const config = [
      { key: 'svc.url', value: 'https://a.test' },
      { key: 'svc.port', value: 8080 },
      { key: 'svc.paths', value: ['/a', '/b'] },
      { key: 'legacy', value: { x: 1 } },
    ];
    const groups = configEditorGroups(svcSchema, config, ['svc.missing', 'svc.url']);
    expect(groups.map((g) => g.fields.map((f) => `${f.key}:${f.kind}`))).toEqual([
      ['svc.url:string', 'svc.port:integer', 'svc.debug:boolean', 'svc.paths:string-list'],
      ['legacy:json', 'svc.missing:string'],
    ]);
    const stored = storedValues(groups, config);
    expect(stored).toMatchObject({ 'svc.url': 'https://a.test', 'svc.port': '8080', 'svc.debug': false, 'svc.paths': '/a\n/b', 'svc.missing': '' });
    const keys = new Set(config.map((c) => c.key));

    expect(collectChanges(groups, stored, stored, keys)).toEqual({ set: [], remove: [], errors: {} });
    const changed = collectChanges(groups, stored, { ...stored, 'svc.port': '', 'svc.debug': true, 'svc.missing': 'now' }, keys);
    expect(changed).toEqual({
      set: [
        { key: 'svc.debug', value: true },
        { key: 'svc.missing', value: 'now' },
      ],
      remove: ['svc.port'],
      errors: {},
    });
    expect(collectChanges(groups, stored, { ...stored, 'svc.url': '', legacy: '{' }, keys).errors).toMatchObject({ 'svc.url': 'This field is required.' });
  });
});
