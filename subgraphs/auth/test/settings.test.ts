import { describe, expect, it } from 'vitest';
import { ConfigError, readSettings } from '@mcp-portal/kit';
import { authSettings } from '../src/settings.ts';

describe('auth settings', () => {
  it.each([undefined, '', 'admin@localhost', 'ops@build.internal', 'Jane@Example.com'])('accepts MCP_ADMIN_EMAIL=%j', (value) => {
    expect(readSettings(authSettings, { MCP_ADMIN_EMAIL: value }).MCP_ADMIN_EMAIL).toBe(value || 'admin@localhost');
  });

  it.each(['admin', 'admin@', 'admin@local host'])('stops the start for MCP_ADMIN_EMAIL=%j, naming the variable', (value) => {
    expect(() => readSettings(authSettings, { MCP_ADMIN_EMAIL: value })).toThrowError(ConfigError);
    expect(() => readSettings(authSettings, { MCP_ADMIN_EMAIL: value })).toThrowError(/MCP_ADMIN_EMAIL: Invalid email address/);
  });
});
