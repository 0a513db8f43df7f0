import { describe, expect, it } from 'vitest';
import { describeAuthorizationError, parseCallback } from '../src/oauth-callback.ts';

const parse = (query: string) => parseCallback(new URLSearchParams(query));

describe('the OAuth callback’s query', () => {
  it('reads code, state and iss (RFC 9207), iss absent as null', () => {
    expect(parse('code=abc&state=s1&iss=https%3A%2F%2Fas.example')).toEqual({
      kind: 'code',
      response: { code: 'abc', state: 's1', iss: 'https://as.example' },
    });
    expect(parse('code=abc&state=s1')).toEqual({ kind: 'code', response: { code: 'abc', state: 's1', iss: null } });
  });

  it('takes an error over a code, with its description and an http(s) error_uri only', () => {
    expect(parse('error=access_denied&error_description=No+thanks&error_uri=https%3A%2F%2Fas.example%2Fhelp&code=abc&state=s1')).toEqual({
      kind: 'error',
      error: 'access_denied',
      description: 'No thanks',
      uri: 'https://as.example/help',
    });
    expect(parse('error=server_error&error_uri=javascript%3Aalert(1)')).toEqual({ kind: 'error', error: 'server_error', description: null, uri: null });
  });

  it('cuts an overlong error short and ignores a blank one', () => {
    const parsed = parse(`error=${'x'.repeat(500)}`);
    expect(parsed.kind === 'error' && parsed.error.length).toBe(200);
    expect(parse('error=%20&code=abc&state=s1').kind).toBe('code');
  });

  it('is nothing without both a code and a state', () => {
    expect(parse('')).toEqual({ kind: 'none' });
    expect(parse('code=abc')).toEqual({ kind: 'none' });
    expect(parse('state=s1')).toEqual({ kind: 'none' });
  });

  it('says what the standard error codes mean', () => {
    expect(describeAuthorizationError('access_denied')).toMatch(/^Access was denied/);
    expect(describeAuthorizationError('temporarily_unavailable')).toMatch(/try again/);
    expect(describeAuthorizationError('made_up')).toBe('The authorization server refused the authorization.');
  });
});
