import { fileURLToPath } from 'node:url';
import type { Domain } from '../tables/index.ts';

export function migrationsFolder(domain: Domain): string {
  return fileURLToPath(new URL(`../../migrations/${domain}`, import.meta.url));
}
