import { readFile, writeFile } from 'node:fs/promises';
import { supergraphPath } from '../compose/compose.ts';
import { apiSchemaPath, apiSchemaSdl } from './api-schema.ts';

await writeFile(apiSchemaPath, apiSchemaSdl(await readFile(supergraphPath, 'utf8')));
process.stdout.write(`Wrote ${apiSchemaPath}\n`);
