import { describe, expect, it } from 'vitest';
import { followableRedirect, isConsentRequestId, isLoopbackRedirect, scopeMeaning, webHost } from '../src/oauth-consent.ts';

describe('the consent page’s reading of an authorization request', () => {
  it('takes 43 base64url characters as a request id, nothing else', () => {
    expect(isConsentRequestId('a'.repeat(42) + '_')).toBe(true);
    expect(isConsentRequestId('Ab-_'.repeat(10) + 'xyz')).toBe(true);
    expect(isConsentRequestId('a'.repeat(42))).toBe(false);
    expect(isConsentRequestId('a'.repeat(44))).toBe(false);
    expect(isConsentRequestId('a'.repeat(42) + '=')).toBe(false);
    expect(isConsentRequestId('<script>' + 'a'.repeat(35))).toBe(false);
  });

  it('knows loopback redirect URIs: 127.0.0.0/8, localhost and [::1], on any port', () => {
    for (const uri of [
      'http://127.0.0.1:53682/callback',
      'http://127.1.2.3/cb',
      'http://localhost:8080/',
      'http://LOCALHOST/',
      'http://app.localhost/',
      'http://[::1]:9000/cb',
    ]) {
      expect(isLoopbackRedirect(uri), uri).toBe(true);
    }
    for (const uri of [
      'https://app.example/callback',
      'http://127.0.0.1.example/cb',
      'https://localhost.example/',
      'com.example.app:/callback',
      'not a url',
      'http://10.0.0.1/',
    ]) {
      expect(isLoopbackRedirect(uri), uri).toBe(false);
    }
  });

  it('shows the host of http(s) addresses only', () => {
    expect(webHost('https://notes.example/about')).toBe('notes.example');
    expect(webHost('https://notes.example:8443/')).toBe('notes.example:8443');
    expect(webHost('javascript:alert(1)')).toBeNull();
    expect(webHost('not a url')).toBeNull();
    expect(webHost(null)).toBeNull();
  });

  it('follows a decision to http(s) and private-use schemes, never to script or local documents', () => {
    expect(followableRedirect('http://127.0.0.1:5000/callback?code=abc&state=s')).toBe('http://127.0.0.1:5000/callback?code=abc&state=s');
    expect(followableRedirect('com.example.app:/callback?error=access_denied')).toBe('com.example.app:/callback?error=access_denied');
    for (const address of ['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,hi', 'file:///etc/passwd', 'about:blank', '/relative', '']) {
      expect(followableRedirect(address), address).toBeNull();
    }
  });

  it('explains the scopes it knows', () => {
    expect(scopeMeaning('mcp')).toMatch(/MCP gateway/);
    expect(scopeMeaning('constructor')).toBeNull();
    expect(scopeMeaning('notes:read')).toBeNull();
  });
});
