import { validateEntryInput, type CatalogEntryInput as FormatInput, type EntryPolicy } from '@mcp-portal/schema/catalog-format';
import type { CatalogEntryInput, CatalogEntryType } from './gql/graphql.ts';
import type { CatalogEntryData } from './graphql/servers-documents.ts';

/**
 * The catalog entry form's state, how it becomes the API's `CatalogEntryInput`, and its check: the shared
 * catalog format (the same rules as createCatalogEntry / updateCatalogEntry), each problem under the field
 * it names. This module brings zod with it: only the lazily loaded admin components import it.
 */

export interface EnvRow {
  name: string;
  value: string;
}
export interface SecretRow {
  name: string;
  env: string;
  description: string;
  example: string;
}
export interface ToolRow {
  name: string;
  description: string;
}
export interface ProviderRow {
  provider: string;
  secret: string;
  env: string;
}

/** How a server entry runs: a container image, or an npm package started with Node (entries of the API run no other command). */
export type RunsAs = 'image' | 'package';

export interface EntryFormState {
  name: string;
  type: CatalogEntryType;
  runsAs: RunsAs;
  image: string;
  /** Arguments given to the image (Docker `command:`). */
  command: string[];
  runPackage: string;
  runBin: string;
  runArgs: string[];
  runEnv: EnvRow[];
  remoteUrl: string;
  remoteTransport: string;
  secrets: SecretRow[];
  env: EnvRow[];
  /** JSON text: one JSON Schema object, or a list of them. */
  configSchema: string;
  disableNetwork: boolean;
  /** Comma-separated. */
  allowHosts: string;
  tools: ToolRow[];
  oauthProviders: ProviderRow[];
  /** Comma-separated. */
  oauthScopes: string;
  title: string;
  description: string;
  category: string;
  /** Comma-separated. */
  tags: string;
  icon: string;
  license: string;
  readme: string;
}

export const emptyEntryForm: EntryFormState = {
  name: '',
  type: 'SERVER',
  runsAs: 'image',
  image: '',
  command: [],
  runPackage: '',
  runBin: '',
  runArgs: [],
  runEnv: [],
  remoteUrl: '',
  remoteTransport: '',
  secrets: [],
  env: [],
  configSchema: '',
  disableNetwork: false,
  allowHosts: '',
  tools: [],
  oauthProviders: [],
  oauthScopes: '',
  title: '',
  description: '',
  category: '',
  tags: '',
  icon: '',
  license: '',
  readme: '',
};

const orEmpty = (value: string | null | undefined) => value ?? '';

/** The form prefilled with an entry, for an update (which replaces the whole entry). Tools keep their names only: the API shows no more. */
export function entryFormFrom(entry: CatalogEntryData): EntryFormState {
  const config = Array.isArray(entry.configSchema) && entry.configSchema.length === 1 ? entry.configSchema[0] : entry.configSchema;
  return {
    name: entry.name,
    type: entry.type,
    runsAs: entry.run && !entry.image ? 'package' : 'image',
    image: orEmpty(entry.image),
    command: [...entry.command],
    runPackage: orEmpty(entry.run?.package),
    runBin: orEmpty(entry.run?.bin),
    runArgs: [...(entry.run?.args ?? [])],
    runEnv: (entry.run?.env ?? []).map(({ name, value }) => ({ name, value })),
    remoteUrl: orEmpty(entry.remoteUrl),
    remoteTransport: orEmpty(entry.remoteTransport),
    secrets: entry.secrets.map((secret) => ({
      name: secret.name,
      env: secret.env,
      description: orEmpty(secret.description),
      example: orEmpty(secret.example),
    })),
    env: entry.env.map(({ name, value }) => ({ name, value })),
    configSchema: config == null ? '' : JSON.stringify(config, null, 2),
    disableNetwork: entry.disableNetwork,
    allowHosts: entry.allowHosts.join(', '),
    tools: entry.tools.map((name) => ({ name, description: '' })),
    oauthProviders: (entry.oauth?.providers ?? []).map((p) => ({ provider: p.provider, secret: orEmpty(p.secret), env: orEmpty(p.env) })),
    oauthScopes: (entry.oauth?.scopes ?? []).join(', '),
    title: entry.title === entry.name ? '' : entry.title,
    description: entry.description,
    category: orEmpty(entry.category),
    tags: entry.tags.join(', '),
    icon: orEmpty(entry.icon),
    license: orEmpty(entry.license),
    readme: orEmpty(entry.readme),
  };
}

/** A problem per field key (see fieldKeys); `''` is the entry as a whole. */
export type EntryFormErrors = Record<string, string>;

const optional = (value: string) => (value.trim() === '' ? null : value.trim());
const commaList = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
const optionalList = (value: string) => {
  const items = commaList(value);
  return items.length > 0 ? items : null;
};

/** The configuration schema typed in: nothing, a JSON object, or a list of JSON objects. */
function parseConfigSchema(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (text.trim() === '') return { ok: true, value: null };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `configSchema: not valid JSON (${(error as Error).message})` };
  }
  const isObject = (item: unknown) => item !== null && typeof item === 'object' && !Array.isArray(item);
  if (isObject(value) || (Array.isArray(value) && value.every(isObject))) return { ok: true, value };
  return { ok: false, message: 'configSchema: must be a JSON Schema object, such as {"type": "object", "properties": {…}}, or a list of them' };
}

/** The API's input for the form's state, or the fields the form cannot turn into one (JSON that does not parse). */
export function entryInputOf(state: EntryFormState): { ok: true; input: CatalogEntryInput } | { ok: false; errors: EntryFormErrors } {
  const configSchema = parseConfigSchema(state.configSchema);
  if (!configSchema.ok) return { ok: false, errors: { configSchema: configSchema.message } };
  const isServer = state.type !== 'REMOTE';
  const scopes = optionalList(state.oauthScopes);
  const input: CatalogEntryInput = {
    type: state.type,
    title: optional(state.title),
    description: optional(state.description),
    image: isServer && state.runsAs === 'image' ? optional(state.image) : null,
    command: isServer && state.runsAs === 'image' && state.command.length > 0 ? state.command : null,
    run:
      isServer && state.runsAs === 'package'
        ? { package: optional(state.runPackage), bin: optional(state.runBin), args: state.runArgs, env: state.runEnv }
        : null,
    remote: isServer || !state.remoteUrl.trim() ? null : { url: state.remoteUrl.trim(), transportType: optional(state.remoteTransport) },
    secrets: state.secrets.map((secret) => ({
      name: secret.name.trim(),
      env: secret.env.trim(),
      description: optional(secret.description),
      example: optional(secret.example),
    })),
    env: state.env.length > 0 ? state.env : null,
    configSchema: configSchema.value,
    disableNetwork: state.disableNetwork || null,
    allowHosts: optionalList(state.allowHosts),
    tools: state.tools.map((tool) => ({ name: tool.name.trim(), description: optional(tool.description) })),
    oauth:
      state.oauthProviders.length > 0 || scopes
        ? {
            providers: state.oauthProviders.map((p) => ({ provider: p.provider.trim(), secret: optional(p.secret), env: optional(p.env) })),
            scopes,
          }
        : null,
    readme: optional(state.readme),
    icon: optional(state.icon),
    category: optional(state.category),
    tags: optionalList(state.tags),
    license: optional(state.license),
  };
  return { ok: true, input };
}

/** The input in the shared format's terms: its `type` and its OAuth `connection` are lower-case there. */
function formatInputOf(input: CatalogEntryInput): FormatInput {
  const { type, oauth, ...rest } = input;
  return {
    ...rest,
    type: type ? (type.toLowerCase() as FormatInput['type']) : null,
    oauth: oauth ? { ...oauth, connection: oauth.connection ? (oauth.connection.toLowerCase() as 'user' | 'team') : null } : oauth,
  };
}

/**
 * The rules of the API's entry policy that the portal can check: an npm package, not a free command. Which
 * packages may run is the administrators' list on the server; the API checks that when the entry is sent.
 */
const portalEntryPolicy: EntryPolicy = { processes: 'runnable-packages', runnableProblem: () => null };

/** Every field key of the form as it stands: the API's input paths, one per input (`secrets[0].env`) and one per list (`secrets`, for the list as a whole). */
export function fieldKeys(state: EntryFormState): string[] {
  const rows = <Row extends object>(list: string, items: readonly Row[], fields: readonly (keyof Row & string)[]) =>
    items.flatMap((_, index) => fields.map((field) => `${list}[${index}].${field}`));
  return [
    'name',
    'type',
    'image',
    'command',
    ...state.command.map((_, index) => `command[${index}]`),
    'run.package',
    'run.bin',
    'run.args',
    ...state.runArgs.map((_, index) => `run.args[${index}]`),
    'run.env',
    ...rows('run.env', state.runEnv, ['name', 'value']),
    'remote.url',
    'remote.transportType',
    'secrets',
    ...rows('secrets', state.secrets, ['name', 'env', 'description', 'example']),
    'env',
    ...rows('env', state.env, ['name', 'value']),
    'configSchema',
    'disableNetwork',
    'allowHosts',
    'tools',
    ...rows('tools', state.tools, ['name', 'description']),
    'oauth.providers',
    ...rows('oauth.providers', state.oauthProviders, ['provider', 'secret', 'env']),
    'oauth.scopes',
    'title',
    'description',
    'category',
    'tags',
    'icon',
    'license',
    'readme',
  ];
}

/**
 * The field a problem of the catalog format is about: the longest field key its path starts with
 * (`tags[2]` is the tags input, `configSchema[0].properties` the schema's). `run.env.<NAME>` (the format
 * keeps run.env as a map) is the name of that row; a problem of the entry as a whole goes where it is fixed.
 */
export function fieldOf(path: string, state: EntryFormState): string {
  const runEnv = /^run\.env\.(.+)$/.exec(path);
  if (runEnv) {
    const index = state.runEnv.findIndex((row) => row.name === runEnv[1]);
    if (index >= 0) return `run.env[${index}].name`;
  }
  if (path === 'run') return 'run.package';
  if (path === 'remote' || path === 'sseEndpoint') return 'remote.url';
  if (path === 'oauth') return 'oauth.providers';
  if (path === '' && state.type === 'SERVER') return state.runsAs === 'image' ? 'image' : 'run.package';
  const keys = fieldKeys(state).filter((key) => path === key || path.startsWith(`${key}.`) || path.startsWith(`${key}[`));
  return keys.reduce((longest, key) => (key.length > longest.length ? key : longest), '');
}

/** `secrets[0].env: LD_PRELOAD may not be set …`: each message names the field it is about. */
const named = (path: string, message: string) => (path ? `${path}: ${message}` : message);

/** Adds a problem to a field, after the ones it has. */
function addError(errors: EntryFormErrors, field: string, message: string): void {
  errors[field] = errors[field] ? `${errors[field]} ${message}` : message;
}

/** The form checked with the catalog format's own rules: the input to send, or each problem under its field. */
export function checkEntryForm(state: EntryFormState): { ok: true; name: string; input: CatalogEntryInput } | { ok: false; errors: EntryFormErrors } {
  const built = entryInputOf(state);
  if (!built.ok) return built;
  const name = state.name.trim();
  const result = validateEntryInput(name, formatInputOf(built.input), portalEntryPolicy);
  if (result.ok) return { ok: true, name, input: built.input };
  const errors: EntryFormErrors = {};
  for (const problem of result.problems) addError(errors, fieldOf(problem.field, state), named(problem.field, problem.message));
  return { ok: false, errors };
}

/**
 * Where the API's refusal goes: `Invalid catalog entry "x" (secrets[0].env): …` under that field, a refused
 * name (`Invalid catalog entry name: …`, or CONFLICT for a name taken) under the name, anything else above the
 * form's buttons (key `''`).
 */
export function apiErrorField(message: string, code: string | null, state: EntryFormState): string {
  if (code === 'CONFLICT' && /already a custom catalog entry/.test(message)) return 'name';
  if (/^Invalid catalog entry name\b/.test(message)) return 'name';
  const field = /^Invalid catalog entry "[^"]*" \(([^)]+)\):/.exec(message)?.[1];
  return field ? fieldOf(field, state) : '';
}
