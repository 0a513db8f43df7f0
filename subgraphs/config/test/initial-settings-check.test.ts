import { describe, expect, it } from 'vitest';
import type { ServerSettingsSpec } from '@mcp-portal/schema';
import { ensureInitialSettings, initialSettingsProblems } from '../src/services/initial-settings-check.ts';

/** The checks of enableServer's settings, without a database: what the config subgraph refuses before it writes. */
const spec: ServerSettingsSpec = {
  entry: 'db',
  configSchema: [{ name: 'db', type: 'object', properties: { host: { type: 'string' }, port: { type: 'integer', minimum: 1 } }, required: ['host'] }],
  secrets: ['db.password'],
  templateKeys: ['db.host', 'db.schema'],
};

describe('the settings a server is enabled with', () => {
  it('pass when they are allowed, and a start finds nothing missing', () => {
    const problems = initialSettingsProblems(spec, { 'db.host': 'h', 'db.schema': 's', 'db.port': 5432 }, { 'db.password': 'pw' }, true);
    expect(problems).toEqual({ invalidConfig: [], invalidSecrets: [], missingConfig: [], missingSecrets: [] });
    expect(() => ensureInitialSettings(problems, 'db')).not.toThrow();
  });

  it('name a malformed key once, a value the schema refuses, and undeclared, empty or NUL secrets (never their values)', () => {
    const problems = initialSettingsProblems(spec, { 'db.port': 0, 'a b': 1 }, { 'db.password': '', other: 'value-1', 'db/x': 'v' }, false);
    expect(problems).toEqual({
      invalidConfig: [
        { key: 'a b', path: 'a b', message: 'keys use letters, digits, ".", "_" and "-"' },
        { key: 'db.port', path: 'db.port', message: 'must be >= 1' },
      ],
      invalidSecrets: [
        { name: 'db.password', message: 'must not be empty' },
        { name: 'other', message: 'is not a secret of db' },
        { name: 'db/x', message: 'secret names use letters, digits, ".", "_" and "-"' },
      ],
      missingConfig: [],
      missingSecrets: [],
    });
    expect(JSON.stringify(problems)).not.toContain('value-1');
  });

  it('with a start, list the keys its templates use or its schema requires and the secrets it declares, when not given', () => {
    expect(initialSettingsProblems(spec, { 'db.port': 2 }, {}, true)).toMatchObject({
      missingConfig: ['db.host', 'db.schema'],
      missingSecrets: ['db.password'],
    });
    expect(initialSettingsProblems(spec, { 'db.port': 2 }, {}, false)).toMatchObject({ missingConfig: [], missingSecrets: [] });
  });

  it('are refused with every problem in the message and only the lists that have one in the details', () => {
    let refusal: unknown;
    try {
      ensureInitialSettings(initialSettingsProblems(spec, {}, { nul: 'a\u0000b' }, true), 'db');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({
      code: 'BAD_USER_INPUT',
      message:
        'Invalid settings for db: the secret nul is not a secret of db; a start needs the configuration db.host, db.schema; a start needs the secrets db.password.',
      details: {
        invalidSecrets: [{ name: 'nul', message: 'is not a secret of db' }],
        missingConfig: ['db.host', 'db.schema'],
        missingSecrets: ['db.password'],
      },
    });
  });
});
