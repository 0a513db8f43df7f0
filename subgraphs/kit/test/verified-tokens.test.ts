import { beforeAll, describe, expect, it } from 'vitest';
import { tokenAudience, UnauthenticatedError, VerifiedTokens, type TokenVerifier } from '../src/index.ts';
import { createTestTokens, type TestTokens } from '../src/testing/index.ts';

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

const platform = { audiences: [tokenAudience] };

describe('verified tokens', () => {
  it('checks a token once, then answers from memory until the bound', async () => {
    checks = 0;
    let now = Date.now();
    const verified = new VerifiedTokens(counting, 60_000, () => now);
    const viewer = tokens.viewer('operator');
    const token = await tokens.tokenFor(viewer);
    expect((await verified.verify(token, platform)).viewer).toEqual(viewer);
    expect((await verified.verify(token, platform)).viewer).toEqual(viewer);
    expect(checks).toBe(1);
    now += 60_000;
    expect((await verified.verify(token, platform)).viewer).toEqual(viewer);
    expect(checks).toBe(2);
  });

  it("never past the token's own expiry, and never remembers a refusal", async () => {
    checks = 0;
    let now = Date.now();
    const verified = new VerifiedTokens(counting, 60 * 60_000, () => now);
    const token = await tokens.tokenFor(tokens.viewer('admin'), { expiresInSeconds: 2 });
    await verified.verify(token, platform);
    now += 3_000;
    // The memory is over, so the verifier is asked again (it judges expiry by its own clock).
    await verified.verify(token, platform).catch(() => undefined);
    expect(checks).toBe(2);

    const foreign = await tokens.tokenFor(tokens.viewer('admin'), { audience: 'https://elsewhere.example' });
    await expect(verified.verify(foreign, platform)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(verified.verify(foreign, platform)).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(checks).toBe(4);
  });

  it('remembers a token for the audiences it was verified for only', async () => {
    checks = 0;
    const verified = new VerifiedTokens(counting);
    const token = await tokens.tokenFor(tokens.viewer('viewer'));
    await verified.verify(token, platform);
    // Verified for the platform's audience: not taken from memory for another one, which refuses it.
    await expect(verified.verify(token, { audiences: ['https://proxy.example/mcp'] })).rejects.toBeInstanceOf(UnauthenticatedError);
    await verified.verify(token);
    expect(checks).toBe(3);
    await verified.verify(token);
    expect(checks).toBe(3);
  });
});
