import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A client id: 128 random bits (not a secret, but not guessable either). */
export function newClientId(): string {
  return `mcp_${randomBytes(16).toString('base64url')}`;
}

/** A client secret or a registration access token: 256 random bits, shown once. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What is stored of a secret: its SHA-256 (base64url). The secrets are 256-bit random values, so a plain hash is
 * enough (no password stretching needed) and lets a presented value be checked in constant time.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('base64url');
}

/** A hash to compare against when there is none (an unknown client): the comparison costs the same. */
const nothing = hashSecret(newSecret());

/** Whether `presented` hashes to `storedHash`, compared in constant time; false when there is no stored hash. */
export function matchesHash(presented: string, storedHash: string | null | undefined): boolean {
  const expected = Buffer.from(storedHash ?? nothing, 'utf8');
  const actual = Buffer.from(hashSecret(presented), 'utf8');
  const same = expected.length === actual.length && timingSafeEqual(expected, actual);
  return same && storedHash !== null && storedHash !== undefined;
}
