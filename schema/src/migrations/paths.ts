import { fileURLToPath } from 'node:url';
import type { MigrationSet } from '../tables/index.ts';

export function migrationsFolder(set: MigrationSet): string {
  return fileURLToPath(new URL(`../../migrations/${set}`, import.meta.url));
}
