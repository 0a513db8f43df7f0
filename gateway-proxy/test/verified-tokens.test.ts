import { beforeAll, describe, expect, it } from 'vitest';
import { tokenAudience, UnauthenticatedError, type TokenVerifier } from '@mcp-portal/kit';
import { createTestTokens, type TestTokens } from '@mcp-portal/kit/testing';
import { VerifiedTokens } from '../src/verified-tokens.ts';

/** The memory of verified JWTs, with real ES256 tokens and the kit's verifier (counted, not replaced). */
let tokens: TestTokens;
let checks: number;
let counting: TokenVerifier;

beforeAll(async () => {
  tokens = await createTestTokens();
  counting = {
    verify: (token, options) => {
      checks += 1;
      return tokens.verifier.verify(token, options);
    },
  };
});

describe('verified tokens', () => {
  it('checks a token once, then answers from memory until the bound', async () => {
    checks = 0;
    let now = Date.now();
    const verified = new VerifiedTokens(counting, { audiences: [tokenAudience] }, 60_000, () => now);
    const viewer = tokens.viewer('operator');
    const token = await tokens.tokenFor(viewer);
    expect((await verified.verify(token)).viewer).toEqual(viewer);
    expect((await verified.verify(token)).viewer).toEqual(viewer);
    expect(checks).toBe(1);
    now += 60_000;
    expect((await verified.verify(token)).viewer).toEqual(viewer);
    expect(checks).toBe(2);
  });

  it("never past the token's own expiry, and never remembers a refusal", async () => {
    checks = 0;
    let now = Date.now();
    const verified = new VerifiedTokens(counting, { audiences: [tokenAudience] }, 60 * 60_000, () => now);
    const token = await tokens.tokenFor(tokens.viewer('admin'), { expiresInSeconds: 2 });
    await verified.verify(token);
    now += 3_000;
    // The memory is over, so the verifier is asked again (it judges expiry by its own clock).
    await verified.verify(token).catch(() => undefined);
    expect(checks).toBe(2);

    const foreign = await tokens.tokenFor(tokens.viewer('admin'), { audience: 'https://elsewhere.example' });
    await expect(verified.verify(foreign)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(verified.verify(foreign)).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(checks).toBe(4);
  });
});
