import { fileURLToPath } from 'node:url';
import { clientCodegenConfig } from '@mcp-portal/schema/codegen';

/** `npm run codegen`: the operation types of the `graphql()` documents in src, from schema/api-schema.graphql. */
export default clientCodegenConfig({
  packageDir: fileURLToPath(new URL('.', import.meta.url)),
  documents: ['src/**/*.ts', '!src/gql/**'],
  documentMode: 'string',
});
