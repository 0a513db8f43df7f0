import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { supergraphPath } from '../src/compose/compose.ts';
import { apiSchemaPath, apiSchemaSdl } from '../src/codegen/api-schema.ts';

describe('API schema', () => {
  it('the checked-in schema/api-schema.graphql is the API schema of supergraph.graphql (run `npm run codegen` if this fails)', async () => {
    const checkedIn = await readFile(apiSchemaPath, 'utf8');
    expect(apiSchemaSdl(await readFile(supergraphPath, 'utf8'))).toBe(checkedIn);
  });

  it('keeps what clients query and drops the federation machinery', async () => {
    const sdl = await readFile(apiSchemaPath, 'utf8');
    expect(sdl).toMatch(/type Server \{[\s\S]*?enabledBy: User!/);
    expect(sdl).toMatch(/type Subscription \{[\s\S]*?serverStatusChanged\(id: ID\): Server!/);
    expect(sdl).not.toMatch(/join__|link__|@join|@link/);
  });
});
