import { describe, expect, it } from 'vitest';
import {
  configNeededToStartMessage,
  configProblemMessage,
  enableRefusalErrors,
  enableRefusalOf,
  invalidConfigOf,
  missingSettings,
  secretNeededToStartMessage,
  secretRows,
  secretValueError,
} from '../src/server-settings.ts';

/** A server's settings on its page: what a failed start lacks, a refused value's message, and the secrets list. */
describe('secrets and configuration of a server, without a browser', () => {
  it("reads what a failed start lacks from the API's settingsCheck, and a refused value from its extensions", () => {
    const settingsCheck = { missingConfig: ['vault.path'], missingSecrets: ['a.b', 'c-d'], invalidConfig: [] };
    expect(missingSettings({ status: 'FAILED', settingsCheck })).toEqual({ secrets: ['a.b', 'c-d'], config: ['vault.path'] });
    // Only a failed server prompts for them; a running one does not.
    expect(missingSettings({ status: 'RUNNING', settingsCheck })).toEqual({ secrets: [], config: [] });
    expect(missingSettings({ status: 'FAILED', settingsCheck: null })).toEqual({ secrets: [], config: [] });
    expect(missingSettings(null)).toEqual({ secrets: [], config: [] });

    const extensions = {
      code: 'BAD_USER_INPUT',
      invalidConfig: [{ key: 'db.options', path: 'db.options.timeout', message: 'must be >= 0' }, { nonsense: true }],
    };
    expect(invalidConfigOf(extensions)).toEqual([{ key: 'db.options', path: 'db.options.timeout', message: 'must be >= 0' }]);
    expect(configProblemMessage(invalidConfigOf(extensions))).toBe('db.options.timeout must be >= 0.');
    expect(invalidConfigOf({ code: 'FORBIDDEN' })).toEqual([]);
    expect(configProblemMessage([])).toBeNull();
  });

  it("puts a refused enableServer's problems next to the fields they name, and the rest above the button", () => {
    expect(enableRefusalOf({ code: 'CONFLICT' })).toBeNull();
    expect(enableRefusalOf(null)).toBeNull();
    const refusal = enableRefusalOf({
      code: 'BAD_USER_INPUT',
      invalidConfig: [
        { key: 'db.options', path: 'db.options.timeout', message: 'must be >= 0' },
        { key: 'db.options', path: 'db.options.retries', message: 'must be integer' },
        { key: 'template.only', path: 'template.only', message: 'must be string' },
      ],
      invalidSecrets: [{ name: 'x', message: 'is not a secret of db' }, { name: 'db.token', message: 'must be at most 64 KiB' }, 'junk'],
      missingConfig: ['db.host', 'db.region'],
      missingSecrets: ['db.password'],
    });
    expect(refusal).not.toBeNull();
    expect(enableRefusalErrors(refusal!, { configKeys: new Set(['db.options', 'db.host']), secretNames: new Set(['db.token', 'db.password']) })).toEqual({
      fieldErrors: { 'db.options': 'db.options.timeout must be >= 0; db.options.retries must be integer.', 'db.host': configNeededToStartMessage },
      secretErrors: { 'db.token': 'This secret must be at most 64 KiB.', 'db.password': secretNeededToStartMessage },
      other: ['template.only must be string.', 'db.region is needed to start.', 'The secret x is not a secret of db.'],
    });
  });

  it('lists the declared secrets first, then the ones the server has besides, then any named missing', () => {
    const set = (name: string) => ({ name, updatedAt: '2025-01-01T00:00:00Z', updatedBy: { email: 'a@example.test' } });
    const rows = secretRows(
      [
        { name: 'z.token', env: 'Z_TOKEN', example: null, description: 'Z' },
        { name: 'a.key', env: 'A_KEY', example: 'ak_…', description: null },
      ],
      [set('old.one'), set('a.key')],
      ['other'],
    );
    expect(rows.map((r) => [r.name, r.env, r.declared, r.state !== null])).toEqual([
      ['z.token', 'Z_TOKEN', true, false],
      ['a.key', 'A_KEY', true, true],
      ['old.one', null, false, true],
      ['other', null, true, false],
    ]);
    expect(secretValueError('')).toBe('Enter a value.');
    expect(secretValueError('x'.repeat(64 * 1024))).toBeNull();
    expect(secretValueError('é'.repeat(32 * 1024 + 1))).toBe('Use at most 64 KiB.');
  });
});
