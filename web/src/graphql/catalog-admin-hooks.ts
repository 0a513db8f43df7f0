import { useCallback, useState } from 'react';
import type { ApolloClient, ErrorLike } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { useApolloClient } from '@apollo/client/react';
import {
  CreateCatalogEntryDocument,
  DeleteCatalogEntryDocument,
  ImportCatalogDocument,
  UpdateCatalogEntryDocument,
  type CatalogEntryInput,
  type CatalogImportReport,
} from './catalog-admin-documents.ts';
import { errorMessage } from './errors.ts';
import { CatalogEntryDocument, CatalogSearchDocument } from './servers-documents.ts';

/** A refusal: the API's message (never a stack trace) and its `extensions.code`, for placing it. */
export interface CatalogAdminError {
  message: string;
  code: string | null;
}

export type CatalogAdminOutcome<T> = { ok: true; value: T } | { ok: false; error: CatalogAdminError };

function refusalOf(error: unknown): CatalogAdminError {
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    const code = first?.extensions?.code;
    if (first?.message) return { message: first.message, code: typeof code === 'string' ? code : null };
  }
  return { message: errorMessage(error as ErrorLike) ?? 'Something went wrong.', code: null };
}

/** The catalog's pages on screen read the change (the entry is cached by query, not by id). */
async function refreshCatalog(client: ApolloClient): Promise<void> {
  await client.refetchQueries({ include: [CatalogSearchDocument, CatalogEntryDocument] }).catch(() => undefined);
}

/** One mutation at a time, its outcome a value (ok, or the refusal), never a throw. */
function useCatalogMutation<Args extends unknown[], T>(run: (client: ApolloClient, ...args: Args) => Promise<T>) {
  const client = useApolloClient();
  const [pending, setPending] = useState(false);
  const call = useCallback(
    async (...args: Args): Promise<CatalogAdminOutcome<T>> => {
      setPending(true);
      try {
        return { ok: true, value: await run(client, ...args) };
      } catch (error) {
        return { ok: false, error: refusalOf(error) };
      } finally {
        setPending(false);
      }
    },
    [client, run],
  );
  return { call, pending };
}

function answer<T>(data: T | null | undefined): T {
  if (!data) throw new Error('The server returned nothing.');
  return data;
}

const create = async (client: ApolloClient, name: string, entry: CatalogEntryInput) => {
  const { data } = await client.mutate({ mutation: CreateCatalogEntryDocument, variables: { input: { name, entry } } });
  await refreshCatalog(client);
  return answer(data).createCatalogEntry;
};

const update = async (client: ApolloClient, name: string, input: CatalogEntryInput) => {
  const { data } = await client.mutate({ mutation: UpdateCatalogEntryDocument, variables: { name, input } });
  await refreshCatalog(client);
  return answer(data).updateCatalogEntry;
};

const remove = async (client: ApolloClient, name: string) => {
  const { data } = await client.mutate({ mutation: DeleteCatalogEntryDocument, variables: { name } });
  // A bundled entry of the same name may come back in its place; otherwise the entry is gone.
  client.cache.evict({ id: 'ROOT_QUERY', fieldName: 'catalogEntry', args: { name } });
  await refreshCatalog(client);
  return answer(data).deleteCatalogEntry;
};

const importCatalog = async (client: ApolloClient, source: { yaml: string } | { url: string }): Promise<CatalogImportReport> => {
  const { data } = await client.mutate({ mutation: ImportCatalogDocument, variables: source });
  await refreshCatalog(client);
  return answer(data).importCatalog;
};

/** createCatalogEntry (operators and admins): a custom entry, overriding a bundled one of the same name. */
export function useCreateCatalogEntry() {
  const { call, pending } = useCatalogMutation(create);
  return { create: call, creating: pending };
}

/** updateCatalogEntry: replaces a custom or imported entry as a whole. */
export function useUpdateCatalogEntry() {
  const { call, pending } = useCatalogMutation(update);
  return { update: call, updating: pending };
}

/** deleteCatalogEntry: CONFLICT while the entry is enabled as a server. */
export function useDeleteCatalogEntry() {
  const { call, pending } = useCatalogMutation(remove);
  return { remove: call, removing: pending };
}

/** importCatalog from YAML text or an http(s) URL; the report lists what was imported and what was left out, and where. */
export function useImportCatalog() {
  const { call, pending } = useCatalogMutation(importCatalog);
  return { importCatalog: call, importing: pending };
}
