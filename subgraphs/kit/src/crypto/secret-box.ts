import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const version = 'v1';
const algorithm = 'aes-256-gcm';

export class SecretBoxError extends Error {}

/**
 * Envelope encryption for secrets at rest: each value gets its own random data key (AES-256-GCM),
 * and the data key is itself sealed with the master key. `context` (e.g. the table and row it belongs
 * to) is bound as additional authenticated data, so a sealed value cannot be moved to another row.
 */
export class SecretBox {
  private constructor(private readonly masterKey: Buffer) {}

  static fromBase64(masterKey: string): SecretBox {
    const key = Buffer.from(masterKey, 'base64');
    if (key.length !== 32) throw new SecretBoxError('The master key must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`).');
    return new SecretBox(key);
  }

  static generateKey(): string {
    return randomBytes(32).toString('base64');
  }

  /** A 32-byte key for one purpose (HKDF-SHA256 of the master key), e.g. signing requests between subgraphs. */
  deriveKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.masterKey, Buffer.alloc(0), `mcp-portal:${purpose}`, 32));
  }

  seal(plaintext: string, context: string): string {
    const dataKey = randomBytes(32);
    const wrapped = encrypt(this.masterKey, dataKey, `key:${context}`);
    const sealed = encrypt(dataKey, Buffer.from(plaintext, 'utf8'), `value:${context}`);
    return [version, wrapped, sealed].join('.');
  }

  open(sealed: string, context: string): string {
    const [tag, wrapped, value] = sealed.split('.');
    if (tag !== version || !wrapped || !value) throw new SecretBoxError('Not a sealed value.');
    try {
      const dataKey = decrypt(this.masterKey, wrapped, `key:${context}`);
      return decrypt(dataKey, value, `value:${context}`).toString('utf8');
    } catch {
      throw new SecretBoxError('A sealed value could not be opened: wrong master key, or the value was altered or moved.');
    }
  }
}

function encrypt(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv(algorithm, key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
}

function decrypt(key: Buffer, encoded: string, aad: string): Buffer {
  const bytes = Buffer.from(encoded, 'base64url');
  const decipher = createDecipheriv(algorithm, key, bytes.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]);
}
