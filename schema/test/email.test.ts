import { describe, expect, it } from 'vitest';
import { isEmailAddress } from '../src/email.ts';

describe('isEmailAddress', () => {
  it.each(['admin@localhost', 'ops@build.internal', 'jane.doe+mcp@example.com', 'a@b', 'x_y@host-1.corp.example'])('accepts %s', (address) =>
    expect(isEmailAddress(address)).toBe(true),
  );

  it.each([
    '',
    'admin',
    '@localhost',
    'admin@',
    'a b@localhost',
    'admin@local host',
    'admin@@localhost',
    'admin@-localhost',
    'admin@localhost-',
    'admin@.localhost',
    'admin@localhost.',
    'admin@exa..mple.com',
    'admin@exa_mple.com',
    '<admin>@localhost',
    `${'a'.repeat(310)}@example.com`,
  ])('refuses %j', (address) => expect(isEmailAddress(address)).toBe(false));
});
