import { z } from 'zod';
import { parseInput } from '@mcp-portal/kit';
import type { CatalogEntry } from '../services/catalog.ts';
import { builder } from './builder.ts';

export const CatalogEntryRef = builder.objectRef<CatalogEntry>('CatalogEntry');

const CatalogEntryType = builder.enumType('CatalogEntryType', {
  values: { SERVER: { value: 'server' }, REMOTE: { value: 'remote' }, POCI: { value: 'poci' } } as const,
});

CatalogEntryRef.implement({
  authScopes: { public: true },
  description: 'An MCP server that can be enabled, as described by the catalog (Docker catalog format).',
  fields: (t) => ({
    name: t.exposeString('name'),
    title: t.exposeString('title'),
    description: t.exposeString('description'),
    type: t.field({ type: CatalogEntryType, resolve: (e) => e.type }),
    image: t.exposeString('image', { nullable: true }),
    remoteUrl: t.exposeString('remoteUrl', { nullable: true }),
    tools: t.exposeStringList('tools'),
    secretNames: t.exposeStringList('secretNames'),
    category: t.exposeString('category', { nullable: true }),
    tags: t.exposeStringList('tags'),
    icon: t.exposeString('icon', { nullable: true }),
  }),
});

builder.asEntity(CatalogEntryRef, {
  key: builder.selection<{ name: string }>('name'),
  resolveReference: (ref, ctx) => ctx.services.catalog.get(ref.name),
});

const searchSchema = z.string().max(200).optional();

builder.queryFields((t) => ({
  catalog: t.field({
    type: [CatalogEntryRef],
    authScopes: { public: true },
    description: 'Catalog entries, optionally filtered by a case-insensitive search over name, title, description and tags.',
    args: { search: t.arg.string({ required: false }) },
    resolve: (_root, args, ctx) => ctx.services.catalog.list(parseInput(searchSchema, args.search ?? undefined, 'search')),
  }),
  catalogEntry: t.field({
    type: CatalogEntryRef,
    authScopes: { public: true },
    nullable: true,
    args: { name: t.arg.string() },
    resolve: (_root, args, ctx) => ctx.services.catalog.get(args.name),
  }),
}));
