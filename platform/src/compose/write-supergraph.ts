import { writeFile } from 'node:fs/promises';
import { CompositionFailedError, supergraphPath } from '@mcp-portal/schema';
import { composeCurrentSupergraph } from './compose-subgraphs.ts';

try {
  await writeFile(supergraphPath, composeCurrentSupergraph());
  process.stdout.write(`Wrote ${supergraphPath}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof CompositionFailedError ? error.message : String(error)}\n`);
  process.exit(1);
}
