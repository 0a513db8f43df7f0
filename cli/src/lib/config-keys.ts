import { PortalError } from './errors.ts';
import { serverConfigKeysQuery, type CliServerConfigKeysQuery } from './operations.ts';
import { resolveServer, unknownServerError, type Request } from './servers.ts';

export type ServerWithConfigKeys = NonNullable<CliServerConfigKeysQuery['server']>;
export type ConfigKeysEntry = NonNullable<ServerWithConfigKeys['catalogEntry']>;

/** The server named (or with the id) `ref`, with what its catalog entry reads from its configuration. */
export async function serverWithConfigKeys(request: Request, ref: string): Promise<ServerWithConfigKeys> {
  const { id } = await resolveServer(request, ref);
  const { server } = await request(serverConfigKeysQuery, { id });
  if (!server) throw unknownServerError(ref);
  return server;
}

/**
 * `{{key}}`, Docker's template syntax, with an optional `|filter`: the same pattern the servers subgraph
 * fills when a server starts (subgraphs/servers/src/services/lifecycle/launch-plan.ts).
 */
const TEMPLATE = /\{\{\s*([\w.-]+)(?:\|[^}]*)?\s*\}\}/g;

/** The keys `{{key}}` templates in these texts name, in order of first use. */
export function templateKeys(texts: Iterable<string>): string[] {
  const keys = new Set<string>();
  for (const text of texts) for (const match of text.matchAll(TEMPLATE)) if (match[1]) keys.add(match[1]);
  return [...keys];
}

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const nameOf = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);

/** A schema's `type`, the first that is not `null` when it lists several. */
function typeOf(schema: JsonObject): string | null {
  const { type } = schema;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return (type.find((t) => typeof t === 'string' && t !== 'null') as string | undefined) ?? null;
  return null;
}

/**
 * The keys an entry's config schema describes, as the portal's forms store them: property `p` of a schema
 * object named `X` is `X.p` (`filesystem.paths`), the properties of an unnamed one keep their own names, and
 * a named schema of a single value (not an object) is its name.
 */
export function schemaKeys(configSchema: unknown): string[] {
  const schemas = Array.isArray(configSchema) ? configSchema : configSchema == null ? [] : [configSchema];
  return schemas.filter(isObject).flatMap((schema) => {
    const name = nameOf(schema.name);
    if (isObject(schema.properties)) {
      return Object.entries(schema.properties)
        .filter(([, property]) => isObject(property))
        .map(([property]) => (name ? `${name}.${property}` : property));
    }
    const type = typeOf(schema);
    return name && type && type !== 'object' ? [name] : [];
  });
}

/** Every text of the entry a `{{key}}` template may stand in when the server starts. */
function templatedTexts(entry: ConfigKeysEntry): string[] {
  return [
    ...entry.env.map((variable) => variable.value),
    ...entry.command,
    ...(entry.run ? [...entry.run.args, ...entry.run.env.map((variable) => variable.value)] : []),
  ];
}

/** The keys a catalog entry reads: those of its config schema and those its templates use, by name. */
export function acceptedConfigKeys(entry: ConfigKeysEntry): string[] {
  return [...new Set([...schemaKeys(entry.configSchema), ...templateKeys(templatedTexts(entry))])].sort();
}

/**
 * Refuses keys the server's catalog entry does not read (the server would never see them), naming those it
 * accepts; `config set --force` skips this.
 */
export function checkConfigKeysAccepted(server: ServerWithConfigKeys, keys: readonly string[]): void {
  const entry = server.catalogEntry;
  if (!entry) {
    throw new PortalError(
      `The catalog entry of ${server.name} is no longer in the catalog, so which config keys it reads is unknown; --force sets them anyway.`,
      { code: 'BAD_USER_INPUT' },
    );
  }
  const accepted = acceptedConfigKeys(entry);
  const unknown = keys.filter((key) => !accepted.includes(key));
  if (unknown.length === 0) return;
  const several = unknown.length > 1;
  const accepts = accepted.length > 0 ? `it accepts ${accepted.join(', ')}` : 'it accepts none';
  throw new PortalError(
    `The catalog entry of ${server.name} uses no config key${several ? 's' : ''} ${unknown.map((key) => `"${key}"`).join(', ')} (${accepts}), ` +
      `so the server would not read ${several ? 'them' : 'it'}; --force sets ${several ? 'them' : 'it'} anyway.`,
    { code: 'BAD_USER_INPUT' },
  );
}
