import type { CodegenConfig } from '@graphql-codegen/cli';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const apiSchema = fileURLToPath(new URL('../../api-schema.graphql', import.meta.url));

export interface ClientCodegenOptions {
  /** The client package's folder (its codegen.ts's). */
  packageDir: string;
  /** Globs of the files holding `graphql(...)` documents, relative to `packageDir`. */
  documents: string[];
  /**
   * `document-node`: parsed documents for Apollo Client (the portal); `string`: typed strings sent as they
   * are (the CLI).
   */
  documentMode: 'documentNode' | 'string';
}

/** Where a client package's generated `graphql()` and operation types go. */
export const generatedFolder = 'src/gql/';

/**
 * The codegen settings the portal and the CLI share: the client preset over the API schema, scalars as
 * their JSON shapes, enums as string unions, no fragment masking (Apollo's cache and the CLI read the
 * fields of a fragment where the fragment is spread).
 */
export function clientCodegenConfig({ packageDir, documents, documentMode }: ClientCodegenOptions): CodegenConfig {
  return {
    overwrite: true,
    schema: apiSchema,
    documents: documents.map((glob) => (glob.startsWith('!') ? `!${join(packageDir, glob.slice(1))}` : join(packageDir, glob))),
    ignoreNoDocuments: false,
    generates: {
      [join(packageDir, generatedFolder)]: {
        preset: 'client',
        presetConfig: { fragmentMasking: false },
        config: {
          documentMode,
          useTypeImports: true,
          enumsAsTypes: true,
          strictScalars: true,
          scalars: { DateTime: 'string', JSON: 'unknown' },
          skipTypename: true,
          avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
        },
      },
    },
  };
}

/** The generated files whose content on disk is not what `config` generates now (empty: all current). */
export async function staleGeneratedFiles(config: CodegenConfig): Promise<string[]> {
  const { generate } = await import('@graphql-codegen/cli');
  const { readFile } = await import('node:fs/promises');
  const outputs: { filename: string; content: string }[] = await generate({ ...config, silent: true }, false);
  const stale = await Promise.all(
    outputs.map(async ({ filename, content }) => ((await readFile(filename, 'utf8').catch(() => null)) === content ? null : filename)),
  );
  return stale.filter((filename) => filename !== null);
}
