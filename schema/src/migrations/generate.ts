import { spawnSync } from 'node:child_process';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrationSets } from '../tables/index.ts';
import { migrationsFolder } from './paths.ts';

const schemaRoot = fileURLToPath(new URL('../../', import.meta.url));

for (const domain of migrationSets) {
  const result = spawnSync(
    'npx',
    [
      'drizzle-kit',
      'generate',
      '--dialect',
      'postgresql',
      '--schema',
      `src/tables/${domain}.ts`,
      // drizzle-kit wants the folder relative to the working directory (it prefixes './').
      '--out',
      relative(schemaRoot, migrationsFolder(domain)),
      '--prefix',
      'index',
    ],
    { cwd: schemaRoot, stdio: 'inherit' },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
}
