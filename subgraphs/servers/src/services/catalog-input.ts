import { InvalidInputError } from '@mcp-portal/kit';
import { formatPath, validateEntry, type CatalogEntryDocument, type EntryPolicy } from './catalog-format.ts';

type Maybe<T> = T | null | undefined;

/** A catalog entry as the API takes it (createCatalogEntry / updateCatalogEntry), in camelCase. */
export interface CatalogEntryInput {
  title?: Maybe<string>;
  description?: Maybe<string>;
  type?: Maybe<'server' | 'remote' | 'poci'>;
  image?: Maybe<string>;
  command?: Maybe<string[]>;
  run?: Maybe<{
    command?: Maybe<string>;
    package?: Maybe<string>;
    bin?: Maybe<string>;
    args?: Maybe<string[]>;
    env?: Maybe<{ name: string; value: string }[]>;
  }>;
  remote?: Maybe<{ url: string; transportType?: Maybe<string> }>;
  secrets?: Maybe<{ name: string; env: string; example?: Maybe<string>; description?: Maybe<string> }[]>;
  env?: Maybe<{ name: string; value: string }[]>;
  /** One JSON Schema object, or a list of them (Docker's `config:`). */
  configSchema?: unknown;
  disableNetwork?: Maybe<boolean>;
  allowHosts?: Maybe<string[]>;
  tools?: Maybe<{ name: string; description?: Maybe<string> }[]>;
  oauth?: Maybe<{ providers: { provider: string; secret?: Maybe<string>; env?: Maybe<string> }[]; scopes?: Maybe<string[]> }>;
  readme?: Maybe<string>;
  icon?: Maybe<string>;
  category?: Maybe<string>;
  tags?: Maybe<string[]>;
  license?: Maybe<string>;
}

/** Drops null and undefined fields, deeply, so that the catalog format sees only what was given. */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, field]) => field !== null && field !== undefined)
      .map(([key, field]) => [key, compact(field)]),
  );
}

/** The entry in Docker's catalog format (snake_case where Docker has it, `config`, `metadata`). */
function toDocument(input: CatalogEntryInput): unknown {
  const { run, remote, configSchema, category, tags, license, ...plain } = input;
  const hasMetadata = category != null || tags != null || license != null;
  return compact({
    ...plain,
    run: run ? { ...run, env: run.env ? Object.fromEntries(run.env.map(({ name, value }) => [name, value])) : undefined } : undefined,
    remote: remote ? { url: remote.url, transport_type: remote.transportType } : undefined,
    config: configSchema == null ? undefined : Array.isArray(configSchema) ? configSchema : [configSchema],
    metadata: hasMetadata ? { category, tags, license } : undefined,
  });
}

/** Paths of the catalog format, named as the input names them. */
function inputPath(path: (string | number)[]): string {
  const text = formatPath(path);
  return text
    .replace(/^metadata\./, '')
    .replace(/^config\b/, 'configSchema')
    .replace(/^remote\.transport_type/, 'remote.transportType');
}

/** Validates an API input against the catalog format; the first problem is a BAD_USER_INPUT naming its field. */
export function documentFromInput(name: string, input: CatalogEntryInput, policy: EntryPolicy): CatalogEntryDocument {
  const result = validateEntry(name, toDocument(input), policy);
  if (result.ok) return result.document;
  const problem = result.problems[0];
  const where = problem && problem.path.length > 0 ? ` (${inputPath(problem.path)})` : '';
  throw new InvalidInputError(`Invalid catalog entry "${name}"${where}: ${problem?.message ?? 'rejected'}`);
}
