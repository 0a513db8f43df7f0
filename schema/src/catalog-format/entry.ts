import { z } from 'zod';
import { serverEnvNameProblem } from './env-names.ts';

/**
 * One entry of an MCP catalog in Docker's format (the `registry:` map of docker/mcp-gateway), plus our
 * `run:` extension for MCP servers that run as local processes (stdio), such as npm-installed ones.
 * Known fields are validated and bounded; fields we do not know are dropped. Pure (no Node API): the servers
 * subgraph validates every entry with it, and the portal's entry form checks its input with it before sending.
 */

export const catalogNamePattern = /^[a-z0-9][a-z0-9._-]*$/;
/** At most 63 characters: a server's name becomes part of container and process names. */
export const catalogNameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(63, 'must be at most 63 characters')
  .regex(catalogNamePattern, 'names are lower-case letters, digits, ".", "_" and "-", starting with a letter or digit');

/** The largest entry, once serialised as JSON. */
export const maxEntryBytes = 256 * 1024;

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const nonEmpty = (max: number) => text(max).min(1, 'must not be empty');
const list = <Item extends z.ZodType>(item: Item, max: number) => z.array(item).max(max, `must have at most ${max} items`);

const httpUrl = text(2048).refine((value) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}, 'must be an http or https URL');

/** A variable a server gets: the one rule of env-names.ts, for every source of entries. */
const envVarName = z
  .string()
  .min(1)
  .max(128)
  .superRefine((name, ctx) => {
    const problem = serverEnvNameProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** YAML reads `8080` and `true` as a number and a boolean; environment values are strings. */
const envValue = z.union([text(8192), z.number(), z.boolean()]).transform(String);

const npmPackageName = z
  .string()
  .max(214)
  .regex(/^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/, 'must be an npm package name such as @scope/name');

const secretSchema = z.object({
  name: nonEmpty(200),
  env: envVarName,
  example: text(500).optional(),
  description: text(2000).optional(),
});

const envSchema = z.object({ name: envVarName, value: envValue });

const remoteSchema = z.object({
  url: httpUrl.optional(),
  transport_type: nonEmpty(40).optional(),
  headers: z.record(nonEmpty(200), text(4096)).optional(),
});

const oauthProviderSchema = z.object({
  provider: nonEmpty(100),
  secret: text(200).optional(),
  env: envVarName.optional(),
});

/** Whose authorization a remote server's OAuth uses: each user's own (the default), or one for the whole team. */
export const oauthConnectionModes = ['user', 'team'] as const;

/**
 * Docker's `oauth: {providers, scopes}`; older catalogs list the providers directly (`oauth: [- provider: …]`).
 * Our extension: `connection: user | team` (see oauthConnectionModes).
 */
const oauthSchema = z
  .union([
    z.object({
      providers: list(oauthProviderSchema, 20).default([]),
      scopes: list(nonEmpty(200), 100).default([]),
      connection: z.enum(oauthConnectionModes).default('user'),
    }),
    list(oauthProviderSchema, 20),
  ])
  .transform((oauth) => (Array.isArray(oauth) ? { providers: oauth, scopes: [], connection: 'user' as const } : oauth));

const toolSchema = z.looseObject({ name: nonEmpty(200), description: text(8000).optional() });

/** One JSON Schema object of the entry's configuration (Docker's `config:` list). */
const configSchemaItem = z.record(z.string(), z.json());

const metadataSchema = z.looseObject({
  category: text(100).optional(),
  tags: list(nonEmpty(100), 50).default([]),
  license: text(200).optional(),
  owner: text(200).optional(),
});

/**
 * Our extension: how to run the server as a local process speaking MCP over stdio.
 * `package` names an npm package installed with the servers subgraph: its bin script is found at start
 * (see the servers subgraph's catalog-run.ts) and run with this Node; `command` runs any program instead.
 */
export const runSchema = z
  .object({
    command: nonEmpty(1024).optional(),
    package: npmPackageName.optional(),
    bin: nonEmpty(214).optional(),
    args: list(text(8192), 100).default([]),
    // Keys are checked here rather than by the record's key schema, whose refusal would lose the reason.
    env: z
      .record(z.string().min(1).max(128), envValue)
      .superRefine((env, ctx) => {
        for (const name of Object.keys(env)) {
          const problem = serverEnvNameProblem(name);
          if (problem) ctx.addIssue({ code: 'custom', path: [name], message: problem });
        }
      })
      .default({}),
  })
  .superRefine((run, ctx) => {
    if (!run.command && !run.package) ctx.addIssue({ code: 'custom', path: [], message: 'needs a command or an npm package' });
    if (run.package && run.command && run.command !== 'node') {
      ctx.addIssue({ code: 'custom', path: ['command'], message: 'must be "node" (or left out) when a package is given' });
    }
    if (run.bin && !run.package) ctx.addIssue({ code: 'custom', path: ['bin'], message: 'only applies together with a package' });
  });
export type CatalogRunDocument = z.output<typeof runSchema>;

const baseEntrySchema = z
  .object({
    name: catalogNameSchema.optional(),
    type: z.enum(['server', 'remote', 'poci']).default('server'),
    title: text(200).optional(),
    description: text(8000).default(''),
    icon: text(2048).optional(),
    readme: text(2048).optional(),
    image: nonEmpty(256).optional(),
    command: list(text(8192), 100).optional(),
    volumes: list(nonEmpty(1024), 50).optional(),
    user: nonEmpty(100).optional(),
    longLived: z.boolean().optional(),
    prefix: text(100).optional(),
    env: list(envSchema, 100).optional(),
    secrets: list(secretSchema, 100).default([]),
    remote: remoteSchema.optional(),
    sseEndpoint: httpUrl.optional(),
    oauth: oauthSchema.optional(),
    disableNetwork: z.boolean().optional(),
    allowHosts: list(nonEmpty(255), 100).optional(),
    extraHosts: list(nonEmpty(255), 100).optional(),
    tools: list(toolSchema, 1000).default([]),
    config: list(configSchemaItem, 50).optional(),
    metadata: metadataSchema.optional(),
    run: runSchema.optional(),
  })
  .superRefine((entry, ctx) => {
    if (entry.type === 'server' && !entry.image && !entry.run) {
      ctx.addIssue({ code: 'custom', path: [], message: 'a server entry needs an image or a run command' });
    }
    if (entry.type === 'remote' && !entry.remote?.url && !entry.sseEndpoint) {
      ctx.addIssue({ code: 'custom', path: ['remote'], message: 'a remote entry needs remote.url' });
    }
  });
export type CatalogEntryDocument = z.output<typeof baseEntrySchema>;

/**
 * What an entry may ask to run. The catalog file (MCP_CATALOG_PATH) is the deployer's and may run any
 * command; entries created or imported through the API may only run the declared bin of a package on the
 * admin's allow-list (RunnablePackages), with Node. No source may set variables that make a program or its
 * loader run other code (env-names.ts).
 */
export type EntryPolicy =
  { processes: 'any' } | { processes: 'runnable-packages'; runnableProblem: (packageName: string, bin: string | null) => string | null };

export const fileEntryPolicy: EntryPolicy = { processes: 'any' };

export function entrySchema(policy: EntryPolicy) {
  if (policy.processes === 'any') return baseEntrySchema;
  return baseEntrySchema.superRefine((entry, ctx) => {
    const run = entry.run;
    if (!run) return;
    if (!run.package) {
      ctx.addIssue({ code: 'custom', path: ['run', 'package'], message: 'entries added through the API run an allowed npm package, not a free command' });
      return;
    }
    const problem = policy.runnableProblem(run.package, run.bin ?? null);
    if (problem) ctx.addIssue({ code: 'custom', path: ['run', run.bin ? 'bin' : 'package'], message: problem });
  });
}

export interface EntryProblem {
  /** Where in the entry, e.g. `['tools', 0, 'name']`; empty for the entry as a whole. */
  path: (string | number)[];
  message: string;
}

const utf8 = new TextEncoder();

export type EntryValidation = { ok: true; document: CatalogEntryDocument } | { ok: false; problems: EntryProblem[] };

/** Validates one entry; `name` is its key in the registry (an entry's own `name:` must match it). */
export function validateEntry(name: string, value: unknown, policy: EntryPolicy): EntryValidation {
  const nameCheck = catalogNameSchema.safeParse(name);
  if (!nameCheck.success) return { ok: false, problems: [{ path: [], message: nameCheck.error.issues[0]?.message ?? 'invalid name' }] };
  const parsed = entrySchema(policy).safeParse(value ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({
        path: issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol'),
        message: issue.message,
      })),
    };
  }
  const { name: ownName, ...document } = parsed.data;
  if (ownName !== undefined && ownName !== name) {
    return { ok: false, problems: [{ path: ['name'], message: `must match the registry key "${name}"` }] };
  }
  if (utf8.encode(JSON.stringify(document)).byteLength > maxEntryBytes) {
    return { ok: false, problems: [{ path: [], message: `is larger than ${maxEntryBytes / 1024} KiB` }] };
  }
  return { ok: true, document };
}

/** `tools[0].name` from `['tools', 0, 'name']`. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : text ? `${text}.${segment}` : segment), '');
}
