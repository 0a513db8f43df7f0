import { describe, expect, it } from 'vitest';
import { staleGeneratedFiles } from '@mcp-portal/schema/codegen';
import config from '../codegen.ts';

describe('generated operation types', () => {
  it('src/gql is what codegen makes of the documents and schema/api-schema.graphql now (run `npm run codegen` if this fails)', async () => {
    expect(await staleGeneratedFiles(config)).toEqual([]);
  }, 60_000);
});
