import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ConfigError, loadSecretBox, SecretBox, SecretBoxError } from '../src/index.ts';

const box = SecretBox.fromBase64(SecretBox.generateKey());

it('seals with a fresh data key each time and opens only with the same master key and context', () => {
  const first = box.seal('the secret', 'table:row-1');
  const second = box.seal('the secret', 'table:row-1');
  expect(first).not.toBe(second);
  expect(first).not.toContain('the secret');
  expect(box.open(first, 'table:row-1')).toBe('the secret');
  expect(() => box.open(first, 'table:row-2')).toThrow(SecretBoxError);
  expect(() => SecretBox.fromBase64(SecretBox.generateKey()).open(first, 'table:row-1')).toThrow(SecretBoxError);
  // One bit of the sealed value's bytes flipped (a base64 character can change without changing a byte).
  const [version, wrapped, value] = first.split('.');
  const bytes = Buffer.from(value!, 'base64url');
  bytes[bytes.length - 1]! ^= 0x01;
  const tampered = [version, wrapped, bytes.toString('base64url')].join('.');
  expect(tampered).not.toBe(first);
  expect(() => box.open(tampered, 'table:row-1')).toThrow(SecretBoxError);
});

it('refuses a master key that is not 32 bytes', () => {
  expect(() => SecretBox.fromBase64('c2hvcnQ=')).toThrow(/32 bytes/);
});

it('generates the embedded master key once into the data directory (0600) and reuses it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kit-master-'));
  try {
    const sealed = (await loadSecretBox({ dataDir: dir })).seal('kept', 'ctx');
    expect((await stat(join(dir, 'master.key'))).mode & 0o777).toBe(0o600);
    expect((await loadSecretBox({ dataDir: dir })).open(sealed, 'ctx')).toBe('kept');
    expect((await readFile(join(dir, 'master.key'), 'utf8')).trim()).toHaveLength(44);
    await expect(loadSecretBox({})).rejects.toBeInstanceOf(ConfigError);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
