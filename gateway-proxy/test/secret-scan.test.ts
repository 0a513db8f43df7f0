import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CachedKnownSecrets } from '../src/known-secrets.ts';
import { credentialPatterns, scannedPartsOfPrompt, scannedPartsOfResource, scannedPartsOfResult, SecretScanner } from '../src/secret-scan.ts';

/**
 * The corpus is built at run time from pieces, so that nothing in the repository looks like a real
 * credential to other scanners: deterministic pseudo-random characters stand in for the secret part.
 */
const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const lower = 'abcdefghijklmnopqrstuvwxyz';
const digits = '0123456789';
const alnum = upper + lower + digits;
const hex = '0123456789abcdef';
const base64 = `${alnum}+/`;
const base64url = `${alnum}-_`;

/** Pseudo-random bytes from a seed (SHA-256 in counter mode): the same corpus on every run. */
function bytes(seed: string, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let i = 0; blocks.length * 32 < length; i += 1) blocks.push(createHash('sha256').update(`${seed}:${i}`).digest());
  return Buffer.concat(blocks).subarray(0, length);
}

function fill(alphabet: string, length: number, seed: string): string {
  return [...bytes(seed, length)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

const join = (...parts: string[]) => parts.join('');
const b64url = (text: string) => Buffer.from(text).toString('base64url');
const pemBody = (seed: string) => (fill(base64, 64 * 6, seed).match(/.{64}/g) ?? []).join('\n');
const pem = (label: string, seed: string) => join('-----BEGIN ', label, '-----\n', pemBody(seed), '\n-----END ', label, '-----\n');

const githubToken = join('gh', 'p_', fill(alnum, 36, 'ghp'));

/** [what it should be found as, the text or JSON value]. */
const positives: [string, unknown][] = [
  ['AWS access key ID', join('AK', 'IA', fill(upper + digits, 16, 'akia'))],
  ['AWS access key ID', join('AS', 'IA', fill(upper + digits, 16, 'asia'))],
  ['AWS access key ID', `export AWS_ACCESS_KEY_ID=${join('AK', 'IA', fill(upper + digits, 16, 'akia2'))}`],
  ['AWS secret access key', `aws_secret_access_key = ${fill(base64, 40, 'aws1')}`],
  ['AWS secret access key', { aws_secret_access_key: fill(base64, 40, 'aws2') }],
  ['AWS secret access key', `{"Credentials": {"SecretAccessKey": "${fill(base64, 40, 'aws3')}"}}`],
  ['AWS secret access key', { env: { AWS_SECRET_ACCESS_KEY: fill(base64, 40, 'aws4') } }],
  ['GitHub token', githubToken],
  ['GitHub token', join('gh', 'o_', fill(alnum, 36, 'gho'))],
  ['GitHub token', join('gh', 'u_', fill(alnum, 36, 'ghu'))],
  ['GitHub token', join('gh', 's_', fill(alnum, 36, 'ghs'))],
  ['GitHub token', join('gh', 'r_', fill(alnum, 36, 'ghr'))],
  ['GitHub token', join('github', '_pat_', fill(alnum, 22, 'pat1'), '_', fill(alnum, 59, 'pat2'))],
  ['GitHub token', `Please use my token ${githubToken} to push.`],
  ['GitHub token', `https://x-access-token:${githubToken}@github.com/acme/app.git`],
  ['GitHub token', { repo: 'acme/app', auth: { headers: [`Authorization: Bearer ${githubToken}`] } }],
  ['GitHub token', `GITHUB_TOKEN=${githubToken}`],
  ['GitLab token', join('gl', 'pat-', fill(base64url, 20, 'glpat'))],
  ['Slack token', join('xo', 'xb-', fill(digits, 12, 'sl1'), '-', fill(digits, 13, 'sl2'), '-', fill(alnum, 24, 'sl3'))],
  ['Slack token', join('xo', 'xp-', fill(digits, 12, 'sl4'), '-', fill(digits, 12, 'sl5'), '-', fill(digits, 13, 'sl6'), '-', fill(hex, 32, 'sl7'))],
  ['Slack token', join('xo', 'xa-2-', fill(digits, 12, 'sl8'), '-', fill(alnum, 30, 'sl9'))],
  [
    'Slack webhook URL',
    join('https://hooks.', 'slack.com/services/T', fill(upper + digits, 8, 'w1'), '/B', fill(upper + digits, 10, 'w2'), '/', fill(alnum, 24, 'w3')),
  ],
  ['Stripe live key', join('sk', '_live_', fill(alnum, 24, 'stripe1'))],
  ['Stripe live key', join('rk', '_live_', fill(alnum, 99, 'stripe2'))],
  ['Google API key', join('AI', 'za', fill(base64url, 35, 'google'))],
  ['Google OAuth client secret', join('GOC', 'SPX-', fill(base64url, 28, 'gocspx'))],
  ['OpenAI API key', join('sk', '-proj-', fill(base64url, 156, 'oai1'))],
  ['OpenAI API key', join('sk', '-svcacct-', fill(base64url, 74, 'oai2'))],
  ['OpenAI API key', join('sk', '-', fill(alnum, 20, 'oai3'), 'T3Blbk', 'FJ', fill(alnum, 20, 'oai4'))],
  ['OpenAI API key', join('sk', '-', fill(alnum, 48, 'oai5'))],
  ['Anthropic API key', join('sk', '-ant-', 'api03-', fill(base64url, 93, 'ant1'), 'AA')],
  ['Anthropic API key', join('sk', '-ant-', 'admin01-', fill(base64url, 93, 'ant2'), 'AA')],
  ['private key', pem('RSA PRIVATE KEY', 'rsa')],
  ['private key', pem('EC PRIVATE KEY', 'ec')],
  ['private key', pem('OPENSSH PRIVATE KEY', 'ssh')],
  ['private key', pem('PRIVATE KEY', 'pkcs8')],
  ['private key', pem('ENCRYPTED PRIVATE KEY', 'enc')],
  ['private key', { type: 'service_account', private_key: pem('PRIVATE KEY', 'gcp') }],
  ['npm token', join('np', 'm_', fill(alnum, 36, 'npm'))],
  ['npm token', `//registry.npmjs.org/:_authToken=${join('np', 'm_', fill(alnum, 36, 'npmrc'))}`],
  ['PyPI token', join('py', 'pi-', 'AgEIcHlwaS5vcmc', fill(base64url, 70, 'pypi'))],
  ['Docker access token', join('dckr', '_pat_', fill(base64url, 27, 'docker'))],
  ['Hugging Face token', join('h', 'f_', fill(upper + lower, 34, 'hf'))],
  ['DigitalOcean token', join('do', 'p_v1_', fill(hex, 64, 'do'))],
  ['Shopify access token', join('shp', 'at_', fill(hex, 32, 'shop'))],
  ['SendGrid API key', join('S', 'G.', fill(base64url, 22, 'sg1'), '.', fill(base64url, 43, 'sg2'))],
  ['Telegram bot token', join(fill(digits, 9, 'tg1'), ':A', 'A', fill(base64url, 33, 'tg2'))],
  [
    'Azure storage account key',
    join('DefaultEndpointsProtocol=https;AccountName=acme;Account', 'Key=', fill(base64, 86, 'azure'), '==;EndpointSuffix=core.windows.net'),
  ],
  ['MCP Portal API token', join('mcp', 'at_', fill(hex, 96, 'mcpat'))],
  [
    'JSON Web Token',
    join(
      b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' })),
      '.',
      b64url(JSON.stringify({ sub: 'user-1', exp: 1893456000 })),
      '.',
      fill(base64url, 43, 'jwt'),
    ),
  ],
];

/** Things tools pass and return all the time, which must go through. */
const negatives: unknown[] = [
  'f47ac10b-58cc-4372-a567-0e02b2c3d479',
  [...Array(20).keys()].map(
    (i) => fill(hex, 8, `u${i}`) + '-' + fill(hex, 4, `v${i}`) + '-4' + fill(hex, 3, `w${i}`) + '-a' + fill(hex, 3, `x${i}`) + '-' + fill(hex, 12, `y${i}`),
  ),
  createHash('sha1').update('a').digest('hex'),
  createHash('sha256').update('b').digest('hex'),
  createHash('md5').update('c').digest('hex'),
  { commit: fill(hex, 40, 'commit'), parents: [fill(hex, 40, 'p1'), fill(hex, 40, 'p2')] },
  { type: 'image', mimeType: 'image/png', data: bytes('png', 64 * 1024).toString('base64') },
  bytes('blob', 256 * 1024).toString('base64'),
  bytes('blob-url', 256 * 1024).toString('base64url'),
  'The quick brown fox jumps over the lazy dog. Tokens, keys and secrets are discussed here, but none is shown.',
  'GitHub personal access tokens start with ghp_ and AWS access key IDs with AKIA; Stripe keys with sk_live_.',
  'Install scikit-learn (sk-learn) and run task-1234 with the --risk-level flag.',
  'function add(a, b) { return a + b; }\nconst skip = items.filter((item) => item.sk !== undefined);',
  pem('PUBLIC KEY', 'public'),
  pem('CERTIFICATE', 'cert'),
  'To sign, paste the key between -----BEGIN PRIVATE KEY----- and -----END PRIVATE KEY-----.',
  { password: 'hunter2', user: 'alice', email: 'alice@example.com' },
  'https://example.com/search?q=ghp_&page=2&session=' + fill(hex, 32, 'session'),
  { version: '1.2.3', date: '2026-12-01T12:00:00Z', size: 123456789, ok: true, nothing: null },
  'npm_config_cache=/home/user/.npm xoxo-gossip AIzaShort sk-short glpat-short',
  'eyJhbGciOiJIUzI1NiJ9 is only a header',
  join('sk', '_test_', fill(alnum, 24, 'stripe-test')),
  { aws_region: 'eu-west-1', aws_secret_access_key_id: 'set in the console' },
  fill(upper + digits, 20, 'caps') + ' ' + fill(alnum, 40, 'mixed'),
];

describe('the secret scanner', () => {
  const scanner = new SecretScanner();

  it(`finds each of ${positives.length} credentials, named by kind`, () => {
    expect(positives.length).toBeGreaterThanOrEqual(40);
    const kinds = new Set(credentialPatterns.map((pattern) => pattern.kind));
    for (const [kind, value] of positives) {
      expect(kinds.has(kind)).toBe(true);
      expect({ value, found: scanner.find(value)?.kind }).toEqual({ value, found: kind });
    }
  });

  it(`lets ${negatives.length} ordinary values through`, () => {
    expect(negatives.length).toBeGreaterThanOrEqual(20);
    for (const value of negatives) expect({ value, found: scanner.find(value) }).toEqual({ value, found: null });
  });

  it("finds the platform's secret values anywhere in a value, named by label", () => {
    const known = [{ label: 'github.token', value: 'correct-horse-battery-staple' }];
    expect(scanner.find({ note: ['say', { text: 'it is correct-horse-battery-staple, ok' }] }, known)).toEqual({
      kind: 'stored on the platform: github.token',
    });
    expect(scanner.find({ correcthorse: 'battery staple' }, known)).toBeNull();
  });

  it('finds any of many stored values in one pass, wherever they are in the text, and nothing else', () => {
    const known = Array.from({ length: 300 }, (_, i) => ({ label: `s.k${i}`, value: fill(alnum + ' -_ü€', 8 + (i % 40), `known${i}`) }));
    for (const [i, secret] of known.entries()) {
      const filler = fill(lower + ' ', i % 97, `filler${i}`);
      for (const text of [secret.value, `${filler}${secret.value}`, `${secret.value}${filler}`, `${filler}«${secret.value}»${filler}`]) {
        expect({ text, found: scanner.find({ note: text }, known)?.kind }).toEqual({ text, found: `stored on the platform: ${secret.label}` });
      }
      // One character short of the value is not the value.
      expect(scanner.find(secret.value.slice(1), known)).toBeNull();
    }
    for (const value of negatives) expect({ value, found: scanner.find(value, known) }).toEqual({ value, found: null });
  });

  it('scans keys as well as values', () => {
    expect(scanner.find({ [githubToken]: 1 })?.kind).toBe('GitHub token');
  });

  it('scans at most its budget of text', () => {
    const small = new SecretScanner(credentialPatterns, 1000);
    expect(small.find(['x'.repeat(980), githubToken])).toBeNull();
    expect(small.find(['x'.repeat(980), `${githubToken} `.repeat(3)])).toBeNull();
    expect(small.find(['x'.repeat(100), githubToken])?.kind).toBe('GitHub token');
  });

  it("reads a result's text, embedded resource text and structured content, not its binary data", () => {
    const parts = scannedPartsOfResult({
      content: [
        { type: 'text', text: 'a' },
        { type: 'image', data: 'AAAA', mimeType: 'image/png' },
        { type: 'resource', resource: { uri: 'file:///x', text: 'b' } },
        { type: 'resource', resource: { uri: 'file:///y', blob: 'AAAA' } },
      ],
      structuredContent: { c: 1 },
    });
    expect(parts).toEqual(['a', 'b', { c: 1 }]);
  });

  it("reads a prompt's description, its messages' text and embedded resource text, and a resource's text contents", () => {
    const prompt = scannedPartsOfPrompt({
      description: 'd',
      messages: [
        { role: 'user', content: { type: 'text', text: 'a' } },
        { role: 'assistant', content: { type: 'image', data: 'AAAA', mimeType: 'image/png' } },
        { role: 'user', content: { type: 'resource', resource: { uri: 'file:///x', text: 'b' } } },
        { role: 'user', content: { type: 'resource', resource: { uri: 'file:///y', blob: 'AAAA' } } },
      ],
    });
    expect(prompt).toEqual(['d', 'a', 'b']);
    expect(
      scannedPartsOfResource({
        contents: [
          { uri: 'file:///x', text: 'c' },
          { uri: 'file:///y', blob: 'AAAA' },
        ],
      }),
    ).toEqual(['c']);
  });

  it('finds each credential of the corpus in a prompt message and in a resource text', () => {
    for (const [kind, value] of positives) {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      const prompt = scannedPartsOfPrompt({ messages: [{ role: 'user', content: { type: 'text', text: `Use this: ${text}` } }] });
      const resource = scannedPartsOfResource({ contents: [{ uri: 'file:///notes.txt', text: `notes\n${text}\n` }] });
      expect({ text, prompt: scanner.find(prompt)?.kind, resource: scanner.find(resource)?.kind }).toEqual({ text, prompt: kind, resource: kind });
    }
    for (const value of negatives) {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      expect(scanner.find(scannedPartsOfResource({ contents: [{ uri: 'file:///notes.txt', text }] }))).toBeNull();
    }
  });
});

describe('the cache of known secrets', () => {
  it('loads once per lifetime, again after invalidate, and drops short values', async () => {
    let loads = 0;
    let now = 0;
    let stored = [
      { label: 'a.short', value: 'seven77' },
      { label: 'a.long', value: '  eight888\n' },
    ];
    const cache = new CachedKnownSecrets(
      async () => {
        loads += 1;
        return stored;
      },
      1000,
      () => now,
    );
    expect(await cache.values()).toEqual([{ label: 'a.long', value: 'eight888' }]);
    await cache.values();
    expect(loads).toBe(1);
    stored = [{ label: 'b.new', value: 'another-secret' }];
    cache.invalidate();
    expect(await cache.values()).toEqual([{ label: 'b.new', value: 'another-secret' }]);
    expect(loads).toBe(2);
    now = 1000;
    await cache.values();
    expect(loads).toBe(3);
  });

  it('does not keep what a load that an invalidation overtook returned', async () => {
    let release: (() => void) | undefined;
    let value = 'old-value-1';
    const cache = new CachedKnownSecrets(async () => {
      const answer = [{ label: 's.v', value }];
      if (value === 'old-value-1') await new Promise<void>((resolve) => (release = resolve));
      return answer;
    });
    const stale = cache.values();
    await Promise.resolve();
    cache.invalidate();
    value = 'new-value-2';
    expect(await cache.values()).toEqual([{ label: 's.v', value: 'new-value-2' }]);
    release?.();
    expect(await stale).toEqual([{ label: 's.v', value: 'old-value-1' }]);
    expect(await cache.values()).toEqual([{ label: 's.v', value: 'new-value-2' }]);
  });
});
