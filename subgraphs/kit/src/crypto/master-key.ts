import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../config.ts';
import { SecretBox } from './secret-box.ts';

/**
 * The master key from `MCP_MASTER_KEY`; in embedded mode (no key given) one is generated once into the
 * data directory (`master.key`, mode 0600) so a restart can still open what it sealed.
 */
export async function loadSecretBox(options: { masterKey?: string; dataDir?: string }): Promise<SecretBox> {
  if (options.masterKey) return SecretBox.fromBase64(options.masterKey);
  if (!options.dataDir) {
    throw new ConfigError('Set MCP_MASTER_KEY (32 random bytes, base64: `openssl rand -base64 32`); every replica needs the same key.');
  }
  const path = join(resolve(options.dataDir), 'master.key');
  try {
    return SecretBox.fromBase64((await readFile(path, 'utf8')).trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const key = SecretBox.generateKey();
  await writeFile(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(path, 0o600);
  return SecretBox.fromBase64(key);
}
