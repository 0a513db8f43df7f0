import { describe, expect, it } from 'vitest';
import { configProblemMessage, invalidConfigOf, missingSettings, secretRows, secretValueError } from '../src/server-settings.ts';

/** A server's settings on its page: what a failed start lacks, a refused value's message, and the secrets list. */
describe('secrets and configuration of a server, without a browser', () => {
  it('reads what a failed start lacks from the API\'s settingsCheck, and a refused value from its extensions', () => {
    const settingsCheck = { missingConfig: ['vault.path'], missingSecrets: ['a.b', 'c-d'], invalidConfig: [] };
    expect(missingSettings({ status: 'FAILED', settingsCheck })).toEqual({ secrets: ['a.b', 'c-d'], config: ['vault.path'] });
    // Only a failed server prompts for them; a running one does not.
    expect(missingSettings({ status: 'RUNNING', settingsCheck })).toEqual({ secrets: [], config: [] });
    expect(missingSettings({ status: 'FAILED', settingsCheck: null })).toEqual({ secrets: [], config: [] });
    expect(missingSettings(null)).toEqual({ secrets: [], config: [] });

    const extensions = { code: 'BAD_USER_INPUT', invalidConfig: [{ key: 'db.options', path: 'db.options.timeout', message: 'must be >= 0' }, { nonsense: true }] };
    expect(invalidConfigOf(extensions)).toEqual([{ key: 'db.options', path: 'db.options.timeout', message: 'must be >= 0' }]);
    expect(configProblemMessage(invalidConfigOf(extensions))).toBe('db.options.timeout must be >= 0.');
    expect(invalidConfigOf({ code: 'FORBIDDEN' })).toEqual([]);
    expect(configProblemMessage([])).toBeNull();
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
