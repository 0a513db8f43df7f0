import { catalogNameSchema, formatPath, validateEntry, type CatalogEntryDocument, type EntryPolicy } from './entry.ts';

type Maybe<T> = T | null | undefined;

/** A catalog entry as the API takes it (createCatalogEntry / updateCatalogEntry, the GraphQL `CatalogEntryInput`), in camelCase. */
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
  oauth?: Maybe<{
    providers: { provider: string; secret?: Maybe<string>; env?: Maybe<string> }[];
    scopes?: Maybe<string[]>;
    connection?: Maybe<'user' | 'team'>;
  }>;
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
export function entryInputDocument(input: CatalogEntryInput): unknown {
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

/** A path of the catalog format, named as the input names it: `configSchema[0]`, `remote.transportType`, `tags[1]`. */
export function inputPath(path: readonly (string | number)[]): string {
  return formatPath(path)
    .replace(/^metadata\./, '')
    .replace(/^config\b/, 'configSchema')
    .replace(/^remote\.transport_type/, 'remote.transportType');
}

/** A problem with an input, at its field as the input names it (`name` for the entry's name, `''` for the entry as a whole). */
export interface EntryInputProblem {
  field: string;
  message: string;
}

export type EntryInputValidation = { ok: true; document: CatalogEntryDocument } | { ok: false; problems: EntryInputProblem[] };

/**
 * Validates an entry given as the API takes it, named `name`, against the catalog format: the check of
 * createCatalogEntry and updateCatalogEntry, and of the portal's entry form before it sends one.
 */
export function validateEntryInput(name: string, input: CatalogEntryInput, policy: EntryPolicy): EntryInputValidation {
  const nameCheck = catalogNameSchema.safeParse(name);
  if (!nameCheck.success) return { ok: false, problems: nameCheck.error.issues.map((issue) => ({ field: 'name', message: issue.message })) };
  const result = validateEntry(name, entryInputDocument(input), policy);
  if (result.ok) return result;
  return { ok: false, problems: result.problems.map((problem) => ({ field: inputPath(problem.path), message: problem.message })) };
}
