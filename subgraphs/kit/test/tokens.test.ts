import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { UnauthenticatedError, viewerFromAuthorization } from '../src/index.ts';
import { createTestTokens } from '../src/testing/index.ts';

const tokens = await createTestTokens();
const viewer = tokens.viewer('operator');

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

const validClaims = () => ({
  sub: viewer.userId,
  email: viewer.email,
  role: viewer.role,
  iss: 'mcp-portal',
  aud: 'mcp-portal',
  iat: Math.floor(Date.now() / 1000),
  exp: Math.floor(Date.now() / 1000) + 600,
});

describe('token verification refuses every kind of bad token with UNAUTHENTICATED', () => {
  it('accepts a good token and reads the viewer from it', async () => {
    const verified = await viewerFromAuthorization(tokens.verifier, `Bearer ${await tokens.tokenFor(viewer)}`);
    expect(verified?.viewer).toEqual(viewer);
  });

  const cases: [string, () => Promise<string>][] = [
    ['alg: none', async () => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(validClaims())}.`],
    [
      'HS256 signed with a guessable secret',
      async () => new SignJWT(validClaims()).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('secret')),
    ],
    ['expired', () => tokens.tokenFor(viewer, { expiresInSeconds: -30 })],
    ['signed by another key', async () => (await createTestTokens()).tokenFor(viewer)],
    [
      'tampered role claim',
      async () => {
        const [header, , signature] = (await tokens.tokenFor(viewer)).split('.');
        return `${header}.${base64url({ ...validClaims(), role: 'admin' })}.${signature}`;
      },
    ],
    ['not a JWT at all', async () => 'hello'],
  ];
  for (const [name, make] of cases) {
    it(name, async () => {
      const attempt = viewerFromAuthorization(tokens.verifier, `Bearer ${await make()}`);
      await expect(attempt).rejects.toBeInstanceOf(UnauthenticatedError);
    });
  }

  it('says an expired session has expired', async () => {
    await expect(viewerFromAuthorization(tokens.verifier, `Bearer ${await tokens.tokenFor(viewer, { expiresInSeconds: -30 })}`)).rejects.toThrow(/expired/);
  });

  it('refuses an Authorization header that is not a bearer token, and treats no header as anonymous', async () => {
    await expect(viewerFromAuthorization(tokens.verifier, 'Basic dXNlcjpwYXNz')).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(await viewerFromAuthorization(tokens.verifier, undefined)).toBeNull();
  });
});
