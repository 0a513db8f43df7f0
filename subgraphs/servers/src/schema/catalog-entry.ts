import { z } from 'zod';
import { parseInput, upperCaseEnumValues } from '@mcp-portal/kit';
import { maxCatalogPageSize } from '@mcp-portal/schema/contract';
import type { CatalogEntry, CatalogOAuth, CatalogRun, CatalogSecret } from '../services/catalog-entry.ts';
import { catalogNameSchema, oauthConnectionModes } from '@mcp-portal/schema/catalog-format';
import type { CatalogRequirement, Runnability } from '../services/catalog-requirements.ts';
import type { CatalogImportReport, CatalogPage } from '../services/catalog-service.ts';
import type { CatalogIssue } from '../services/catalog-yaml.ts';
import { builder } from './builder.ts';
import { ServerRuntimeEnum } from './server-runtime.ts';

export const CatalogEntryRef = builder.objectRef<CatalogEntry>('CatalogEntry');

const CatalogEntryType = builder.enumType('CatalogEntryType', {
  values: { SERVER: { value: 'server' }, REMOTE: { value: 'remote' }, POCI: { value: 'poci' } } as const,
});

const CatalogEntrySource = builder.enumType('CatalogEntrySource', {
  description: 'BUNDLED: from the catalog file (MCP_CATALOG_PATH); CUSTOM: made through the API; IMPORTED: from importCatalog.',
  values: { BUNDLED: { value: 'bundled' }, CUSTOM: { value: 'custom' }, IMPORTED: { value: 'imported' } } as const,
});

const CatalogEnvVarRef = builder.objectRef<{ name: string; value: string }>('CatalogEnvVar').implement({
  authScopes: { public: true },
  fields: (t) => ({ name: t.exposeString('name'), value: t.exposeString('value') }),
});

const CatalogRunRef = builder.objectRef<CatalogRun>('CatalogRun').implement({
  authScopes: { public: true },
  description: 'How the server runs as a local process speaking MCP over stdio (our extension of the catalog format).',
  fields: (t) => ({
    command: t.exposeString('command', { description: '`node` for an npm package.' }),
    package: t.exposeString('package', { nullable: true, description: 'An npm package installed with the servers subgraph; its bin script is run.' }),
    bin: t.exposeString('bin', { nullable: true, description: 'Which bin script of the package, when it has several.' }),
    args: t.exposeStringList('args'),
    env: t.field({ type: [CatalogEnvVarRef], resolve: (run) => run.env }),
  }),
});

const CatalogSecretRef = builder.objectRef<CatalogSecret>('CatalogSecret').implement({
  authScopes: { public: true },
  description: 'A secret the server needs, passed to it in the environment variable `env` (the value is never in the catalog).',
  fields: (t) => ({
    name: t.exposeString('name'),
    env: t.exposeString('env'),
    example: t.exposeString('example', { nullable: true }),
    description: t.exposeString('description', { nullable: true }),
  }),
});

const CatalogOAuthProviderRef = builder.objectRef<CatalogOAuth['providers'][number]>('CatalogOAuthProvider').implement({
  authScopes: { public: true },
  fields: (t) => ({
    provider: t.exposeString('provider'),
    secret: t.exposeString('secret', { nullable: true }),
    env: t.exposeString('env', { nullable: true }),
  }),
});

const CatalogOAuthConnectionEnum = builder.enumType('CatalogOAuthConnection', {
  description: "USER: each user authorizes the remote server with their own account; TEAM: one authorization (an operator's) serves everyone.",
  values: upperCaseEnumValues(oauthConnectionModes),
});

const CatalogOAuthRef = builder.objectRef<CatalogOAuth>('CatalogOAuth').implement({
  authScopes: { public: true },
  fields: (t) => ({
    providers: t.field({ type: [CatalogOAuthProviderRef], resolve: (oauth) => oauth.providers }),
    scopes: t.exposeStringList('scopes'),
    connection: t.field({
      type: CatalogOAuthConnectionEnum,
      description: 'Whose authorization the calls carry (USER when the entry says nothing).',
      resolve: (oauth) => oauth.connection,
    }),
  }),
});

const CatalogRequirementKind = builder.enumType('CatalogRequirementKind', {
  description:
    'CONTAINER_ENGINE: runs only as a container image; PROGRAM: runs only as a program that must be installed on the host; NETWORK: reaches hosts over the network; SECRET: a secret set on the server; CONFIG: a configuration value its templates use; OAUTH: signs in with OAuth.',
  values: {
    CONTAINER_ENGINE: { value: 'container-engine' },
    PROGRAM: { value: 'program' },
    NETWORK: { value: 'network' },
    SECRET: { value: 'secret' },
    CONFIG: { value: 'config' },
    OAUTH: { value: 'oauth' },
  } as const,
});

const CatalogRequirementRef = builder.objectRef<CatalogRequirement>('CatalogRequirement').implement({
  authScopes: { public: true },
  description: 'Something a catalog entry cannot run without.',
  fields: (t) => ({
    kind: t.field({ type: CatalogRequirementKind, resolve: (r) => r.kind }),
    name: t.exposeString('name', {
      nullable: true,
      description: 'What it is about: the image, the program, the host(s) (`*`: any), the secret, the configuration key, the OAuth provider.',
    }),
    detail: t.exposeString('detail', { description: 'One sentence for people.' }),
  }),
});

const CatalogRunnabilityRef = builder.objectRef<Runnability>('CatalogRunnability').implement({
  authScopes: { public: true },
  description:
    'Whether this platform can run the entry now, decided as the lifecycle decides (MCP_RUNTIME, a container engine answering or not, the npm package or program being installed). Secrets, configuration and network access are not checked here.',
  fields: (t) => ({
    canRun: t.exposeBoolean('canRun'),
    runtime: t.field({ type: ServerRuntimeEnum, nullable: true, description: 'How it would run here; null when it cannot.', resolve: (r) => r.runtime }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why it cannot run here and what to do about it; null when it can.' }),
  }),
});

CatalogEntryRef.implement({
  authScopes: { public: true },
  description: 'An MCP server that can be enabled, as described by the catalog (Docker catalog format).',
  fields: (t) => ({
    name: t.exposeString('name'),
    title: t.exposeString('title'),
    description: t.exposeString('description'),
    type: t.field({ type: CatalogEntryType, resolve: (e) => e.type }),
    source: t.field({ type: CatalogEntrySource, resolve: (e) => e.origin }),
    image: t.exposeString('image', { nullable: true }),
    command: t.exposeStringList('command', { description: 'Arguments given to the image (Docker `command:`).' }),
    run: t.field({ type: CatalogRunRef, nullable: true, resolve: (e) => e.run }),
    remoteUrl: t.exposeString('remoteUrl', { nullable: true }),
    remoteTransport: t.exposeString('remoteTransport', { nullable: true, description: '`sse` or `streamable-http` for a remote server.' }),
    tools: t.exposeStringList('tools'),
    secretNames: t.exposeStringList('secretNames'),
    secrets: t.field({ type: [CatalogSecretRef], resolve: (e) => e.secrets }),
    env: t.field({ type: [CatalogEnvVarRef], description: 'Environment of the container (Docker `env:`).', resolve: (e) => e.env }),
    configSchema: t.field({
      type: 'JSON',
      nullable: true,
      description: 'JSON Schema objects describing the configuration the server takes (Docker `config:`).',
      resolve: (e) => e.configSchema,
    }),
    disableNetwork: t.exposeBoolean('disableNetwork'),
    allowHosts: t.exposeStringList('allowHosts'),
    oauth: t.field({ type: CatalogOAuthRef, nullable: true, resolve: (e) => e.oauth }),
    readme: t.exposeString('readme', { nullable: true }),
    category: t.exposeString('category', { nullable: true }),
    tags: t.exposeStringList('tags'),
    license: t.exposeString('license', { nullable: true }),
    icon: t.exposeString('icon', { nullable: true }),
    requirements: t.field({
      type: [CatalogRequirementRef],
      description: 'What it cannot run without: a container engine or program, network access, secrets, configuration values, OAuth.',
      resolve: (e, _args, ctx) => ctx.services.requirements.of(e),
    }),
    runnability: t.field({
      type: CatalogRunnabilityRef,
      description: 'Whether this platform can run it now; enableServer(start: true) and startServer refuse an entry that cannot run.',
      resolve: (e, _args, ctx) => ctx.services.requirements.runnability(e),
    }),
  }),
});

builder.asEntity(CatalogEntryRef, {
  key: builder.selection<{ name: string }>('name'),
  resolveReference: (ref, ctx) => ctx.services.catalog.get(ref.name),
});

const CatalogPageRef = builder.objectRef<CatalogPage>('CatalogPage').implement({
  authScopes: { public: true },
  fields: (t) => ({
    entries: t.field({ type: [CatalogEntryRef], resolve: (page) => page.entries }),
    endCursor: t.exposeString('endCursor', { nullable: true, description: 'Pass as `after` for the next page.' }),
    hasNextPage: t.exposeBoolean('hasNextPage'),
    totalCount: t.exposeInt('totalCount', { description: 'Entries matching the search, over all pages.' }),
  }),
});

const CatalogImportSkipRef = builder.objectRef<CatalogIssue>('CatalogImportSkip').implement({
  authScopes: { role: 'operator' },
  description: 'An entry left out of an import, with where its first problem is in the YAML text (1-based line and column).',
  fields: (t) => ({
    name: t.exposeString('name', { nullable: true }),
    line: t.exposeInt('line'),
    column: t.exposeInt('column'),
    path: t.exposeString('path', { description: 'e.g. `registry.foo.image`' }),
    message: t.exposeString('message'),
  }),
});

const CatalogImportReportRef = builder.objectRef<CatalogImportReport>('CatalogImportReport').implement({
  authScopes: { role: 'operator' },
  fields: (t) => ({
    imported: t.exposeInt('imported'),
    entries: t.field({ type: [CatalogEntryRef], resolve: (report) => report.entries }),
    replaced: t.exposeStringList('replaced', {
      description: 'The names among `entries` that replaced an entry of the same name (custom or imported), or now override a bundled one.',
    }),
    skipped: t.field({ type: [CatalogImportSkipRef], resolve: (report) => report.skipped }),
  }),
});

const CatalogEnvVarInput = builder.inputType('CatalogEnvVarInput', {
  fields: (t) => ({ name: t.string(), value: t.string() }),
});

const CatalogRunInput = builder.inputType('CatalogRunInput', {
  description: 'Entries made through the API run an npm package installed with the servers subgraph.',
  fields: (t) => ({
    package: t.string({ required: false }),
    bin: t.string({ required: false }),
    command: t.string({ required: false, description: 'Only `node` (the default) for entries made through the API.' }),
    args: t.stringList({ required: false }),
    env: t.field({ type: [CatalogEnvVarInput], required: false }),
  }),
});

const CatalogRemoteInput = builder.inputType('CatalogRemoteInput', {
  fields: (t) => ({ url: t.string(), transportType: t.string({ required: false }) }),
});

const CatalogSecretInput = builder.inputType('CatalogSecretInput', {
  fields: (t) => ({
    name: t.string(),
    env: t.string(),
    example: t.string({ required: false }),
    description: t.string({ required: false }),
  }),
});

const CatalogToolInput = builder.inputType('CatalogToolInput', {
  fields: (t) => ({ name: t.string(), description: t.string({ required: false }) }),
});

const CatalogOAuthProviderInput = builder.inputType('CatalogOAuthProviderInput', {
  fields: (t) => ({ provider: t.string(), secret: t.string({ required: false }), env: t.string({ required: false }) }),
});

const CatalogOAuthInput = builder.inputType('CatalogOAuthInput', {
  fields: (t) => ({
    providers: t.field({ type: [CatalogOAuthProviderInput] }),
    scopes: t.stringList({ required: false }),
    connection: t.field({ type: CatalogOAuthConnectionEnum, required: false, description: 'USER when left out.' }),
  }),
});

const CatalogEntryInput = builder.inputType('CatalogEntryInput', {
  description: 'A whole catalog entry (an update replaces the entry); validated like an entry of a catalog file.',
  fields: (t) => ({
    title: t.string({ required: false }),
    description: t.string({ required: false }),
    type: t.field({ type: CatalogEntryType, required: false, description: 'SERVER when left out.' }),
    image: t.string({ required: false }),
    command: t.stringList({ required: false }),
    run: t.field({ type: CatalogRunInput, required: false }),
    remote: t.field({ type: CatalogRemoteInput, required: false }),
    secrets: t.field({ type: [CatalogSecretInput], required: false }),
    env: t.field({ type: [CatalogEnvVarInput], required: false }),
    configSchema: t.field({ type: 'JSON', required: false, description: 'A JSON Schema object, or a list of them.' }),
    disableNetwork: t.boolean({ required: false }),
    allowHosts: t.stringList({ required: false }),
    tools: t.field({ type: [CatalogToolInput], required: false }),
    oauth: t.field({ type: CatalogOAuthInput, required: false }),
    readme: t.string({ required: false }),
    icon: t.string({ required: false }),
    category: t.string({ required: false }),
    tags: t.stringList({ required: false }),
    license: t.string({ required: false }),
  }),
});

const CreateCatalogEntryInput = builder.inputType('CreateCatalogEntryInput', {
  fields: (t) => ({ name: t.string(), entry: t.field({ type: CatalogEntryInput }) }),
});

const catalogArgsSchema = z.object({
  search: z.string().max(200).optional(),
  first: z.number().int().min(1).max(maxCatalogPageSize),
  after: z.string().max(500).nullish(),
});
const lookupNameSchema = z.string().max(200);
const importSchema = z
  .object({ yaml: z.string().min(1).nullish(), url: z.string().min(1).max(2048).nullish() })
  .refine((source) => (source.yaml == null) !== (source.url == null), 'give exactly one of yaml and url');

builder.queryFields((t) => ({
  catalog: t.field({
    type: CatalogPageRef,
    authScopes: { public: true },
    description: 'Catalog entries in name order, cursor-paginated, optionally filtered by a case-insensitive search over name, title, description and tags.',
    args: {
      search: t.arg.string({ required: false }),
      first: t.arg.int({ required: false, defaultValue: 50 }),
      after: t.arg.string({ required: false }),
    },
    resolve: (_root, args, ctx) => {
      const { search, first, after } = parseInput(
        catalogArgsSchema,
        { search: args.search || undefined, first: args.first ?? 50, after: args.after },
        'catalog page',
      );
      return ctx.services.catalog.page(search, first, after ?? null);
    },
  }),
  catalogEntry: t.field({
    type: CatalogEntryRef,
    authScopes: { public: true },
    nullable: true,
    args: { name: t.arg.string() },
    resolve: (_root, args, ctx) => ctx.services.catalog.get(parseInput(lookupNameSchema, args.name, 'catalog entry name')),
  }),
}));

builder.mutationFields((t) => ({
  createCatalogEntry: t.field({
    type: CatalogEntryRef,
    description: 'Adds a custom catalog entry; one with the name of a bundled entry overrides it (operator or admin).',
    authScopes: { role: 'operator' },
    args: { input: t.arg({ type: CreateCatalogEntryInput }) },
    resolve: (_root, args, ctx) => ctx.services.catalog.create(parseInput(catalogNameSchema, args.input.name, 'catalog entry name'), args.input.entry, ctx),
  }),
  updateCatalogEntry: t.field({
    type: CatalogEntryRef,
    description: 'Replaces a custom or imported catalog entry (operator or admin).',
    authScopes: { role: 'operator' },
    args: { name: t.arg.string(), input: t.arg({ type: CatalogEntryInput }) },
    resolve: (_root, args, ctx) => ctx.services.catalog.update(parseInput(catalogNameSchema, args.name, 'catalog entry name'), args.input, ctx),
  }),
  deleteCatalogEntry: t.field({
    type: CatalogEntryRef,
    description: 'Deletes a custom or imported catalog entry and returns it as it was; refused while it is enabled (operator or admin).',
    authScopes: { role: 'operator' },
    args: { name: t.arg.string() },
    resolve: (_root, args, ctx) => ctx.services.catalog.delete(parseInput(catalogNameSchema, args.name, 'catalog entry name'), ctx),
  }),
  importCatalog: t.field({
    type: CatalogImportReportRef,
    description:
      "Imports a catalog in Docker's format, given as YAML text or as an http(s) URL to fetch; bad entries are skipped and reported with their line (operator or admin).",
    authScopes: { role: 'operator' },
    args: { yaml: t.arg.string({ required: false }), url: t.arg.string({ required: false }) },
    resolve: (_root, args, ctx) => {
      const { yaml, url } = parseInput(importSchema, { yaml: args.yaml, url: args.url }, 'catalog import');
      return ctx.services.catalog.import(url ? { url } : { yaml: yaml ?? '' }, ctx);
    },
  }),
}));
