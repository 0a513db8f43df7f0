import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ApolloCache, ApolloClient, ErrorLike, Reference } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { skipToken, useApolloClient, useQuery, useSubscription } from '@apollo/client/react';
import type { Role } from '../gql/graphql.ts';
import { mergeLogLines } from '../log-lines.ts';
import { ServerFieldsFragmentDoc } from '../gql/graphql.ts';
import { configProblemMessage, enableRefusalOf, invalidConfigOf, type EnableRefusal } from '../server-settings.ts';
import { errorMessage, isUnauthenticated } from './errors.ts';
import { useLiveConnection, useSession } from './hooks.ts';
import { RefetchQueue } from './refetch-queue.ts';
import { useRefetchOnReconnect } from './use-refetch-on-reconnect.ts';
import {
  CatalogEntryDocument,
  CatalogSearchDocument,
  DeleteServerConfigDocument,
  DeleteServerSecretDocument,
  DisableServerDocument,
  EnableServerDocument,
  PortalServersDocument,
  RestartServerDocument,
  ServerDetailDocument,
  ServerLogsDocument,
  ServerLogsSubscriptionDocument,
  ServersStatusChangedDocument,
  ServerStatusChangedDocument,
  SetServerConfigDocument,
  SetServerSecretDocument,
  StartServerDocument,
  StopServerDocument,
  type CatalogListEntry,
  type ServerListItem,
  type CatalogEntryData,
  type ServerAction,
  type ServerPageData,
  type ServerLogLine,
  type ServerSecretInfo,
  type ServerStatus,
} from './servers-documents.ts';

export type {
  CatalogListEntry,
  LogStream,
  CatalogEntryData,
  ServerListItem,
  ServerAction,
  ServerConfigValue,
  ServerPageData,
  ServerLogLine,
  ServerSecretInfo,
  ServerStatus,
  ServerTool,
} from './servers-documents.ts';

/** Adds a server to the cached `servers` list (when one is cached), so the list shows it at once. */
function addToServerList(cache: ApolloCache, server: ServerListItem): void {
  cache.modify<{ servers: Reference[] }>({
    id: 'ROOT_QUERY',
    fields: {
      servers(existing, { toReference, readField }) {
        const list = existing as readonly Reference[];
        if (list.some((ref) => readField('id', ref) === server.id)) return list;
        const ref = toReference({ __typename: 'Server', id: server.id });
        return ref ? [...list, ref] : list;
      },
    },
  });
}

/* Servers */

/** Operators and admins run the lifecycle (enable, start, stop, restart, disable); viewers look. */
export function canOperate(role: Role): boolean {
  return role === 'ADMIN' || role === 'OPERATOR';
}

/**
 * While a server is STARTING or STOPPING its next status is due soon; should its event have gone by
 * before the page's subscription was in place (a subscription cannot say when the router has it), a
 * slow poll still brings the page to the end of the transition.
 */
const transitionPollMs = 5_000;

function useTransitionPolling(statuses: readonly ServerStatus[], startPolling: (ms: number) => void, stopPolling: () => void): void {
  const transitioning = statuses.some((status) => status === 'STARTING' || status === 'STOPPING');
  useEffect(() => {
    if (!transitioning) return;
    startPolling(transitionPollMs);
    return () => stopPolling();
  }, [transitioning, startPolling, stopPolling]);
}

/**
 * Every enabled server, kept current by `useServerStatusUpdates` on the pages that show them live
 * (`live`: those pages also poll slowly while a server is in transition).
 */
export function useServerList(options: { live?: boolean } = {}): { servers: ServerListItem[]; loading: boolean; error: string | null; refetch: () => void } {
  const { signOut } = useSession();
  const { data, loading, error, refetch, startPolling, stopPolling } = useQuery(PortalServersDocument, { fetchPolicy: 'cache-and-network' });
  const unauthenticated = isUnauthenticated(error);
  useEffect(() => {
    if (unauthenticated) void signOut();
  }, [unauthenticated, signOut]);
  const statuses = useMemo(() => (options.live ? (data?.servers ?? []).map((s) => s.status) : []), [options.live, data]);
  useTransitionPolling(statuses, startPolling, stopPolling);
  return {
    servers: data?.servers ?? [],
    loading: loading && !data,
    error: errorMessage(error),
    refetch: useCallback(() => void refetch().catch(() => undefined), [refetch]),
  };
}

/**
 * Live transitions of every server. Each event is a `Server` with its id, so Apollo's normalised cache
 * (`Server:<id>`) updates every view of it; a server the list does not know yet, or a reconnection
 * (events may have been missed meanwhile), refetches the list. An event during that refetch refetches once more:
 * the refetch's answer may be older than the event (a server enabled and failing at once stayed STARTING).
 */
export function useServerStatusUpdates(): { error: string | null } {
  const client = useApolloClient();
  const refetches = useMemo(() => new RefetchQueue(() => client.refetchQueries({ include: [PortalServersDocument] })), [client]);
  const { error } = useSubscription(ServersStatusChangedDocument, {
    onData: ({ client: apollo, data }) => {
      const server = data.data?.serverStatusChanged;
      if (!server) return;
      const known = apollo.readQuery({ query: PortalServersDocument })?.servers.some((s) => s.id === server.id);
      if (known) refetches.changed();
      else void refetches.request();
    },
  });
  useRefetchOnReconnect(() => refetches.request());
  return { error: errorMessage(error) };
}

/** One server with its tools and configuration; its transitions (and new tools) arrive live. */
export function useServerDetail(id: string): { server: ServerPageData | null; loading: boolean; error: string | null; liveError: string | null } {
  const { data, loading, error, refetch, startPolling, stopPolling } = useQuery(ServerDetailDocument, { variables: { id }, fetchPolicy: 'cache-and-network' });
  const { error: liveError } = useSubscription(ServerStatusChangedDocument, { variables: { id } });
  useRefetchOnReconnect(refetch);
  const status = data?.server?.status;
  useTransitionPolling(
    useMemo(() => (status ? [status] : []), [status]),
    startPolling,
    stopPolling,
  );
  return { server: data?.server ?? null, loading: loading && !data, error: errorMessage(error), liveError: errorMessage(liveError) };
}

/**
 * A server's log: the last `tail` lines, then every new line as it is written (`serverLogs`), once each
 * (deduplicated by id: the subscription starts with the query, so a line may come both ways). A
 * reconnection reads the tail again to fill what the drop missed. `live` is true while lines arrive live.
 */
export function useServerLogs(serverId: string, tail = 200): { lines: ServerLogLine[]; loading: boolean; error: string | null; live: boolean } {
  const { data, loading, error, refetch } = useQuery(ServerLogsDocument, { variables: { id: serverId, tail }, fetchPolicy: 'network-only' });
  const [liveLines, setLiveLines] = useState<ServerLogLine[]>([]);
  const { error: liveError } = useSubscription(ServerLogsSubscriptionDocument, {
    variables: { serverId },
    onData: ({ data: event }) => {
      const line = event.data?.serverLogs;
      if (line) setLiveLines((current) => mergeLogLines([current, [line]]));
    },
  });
  useRefetchOnReconnect(refetch);
  const connection = useLiveConnection();
  const tailLines = data?.server?.logs;
  const lines = useMemo(() => mergeLogLines([tailLines ?? [], liveLines]), [tailLines, liveLines]);
  return {
    lines,
    loading: loading && !data,
    error: errorMessage(error) ?? errorMessage(liveError),
    live: connection === 'connected' && !liveError,
  };
}

const actionDocuments = {
  start: StartServerDocument,
  stop: StopServerDocument,
  restart: RestartServerDocument,
} as const;

export interface ServerActions {
  /** Runs a lifecycle action; true when the API accepted it (the transition itself then arrives live). */
  run(action: ServerAction, server: { id: string; name: string }): Promise<boolean>;
  /** The action in flight per server id. */
  pending: ReadonlyMap<string, ServerAction>;
  /** The API's refusal per server id, until the next action on that server. */
  errors: ReadonlyMap<string, string>;
}

/**
 * Start, stop, restart and disable. Each mutation answers the server as it is after the call, which
 * Apollo merges into `Server:<id>`; a disabled server is evicted from the cache, which drops it from the
 * list and from every page showing it.
 */
export function useServerActions(): ServerActions {
  const client = useApolloClient();
  const [pending, setPending] = useState<ReadonlyMap<string, ServerAction>>(new Map());
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map());

  const run = useCallback(
    async (action: ServerAction, server: { id: string; name: string }): Promise<boolean> => {
      const { id } = server;
      setPending((current) => new Map(current).set(id, action));
      setErrors((current) => {
        if (!current.has(id)) return current;
        const next = new Map(current);
        next.delete(id);
        return next;
      });
      try {
        if (action === 'disable') {
          await client.mutate({
            mutation: DisableServerDocument,
            variables: { id },
            update: (cache) => {
              cache.evict({ id: cache.identify({ __typename: 'Server', id }) });
              cache.gc();
            },
          });
        } else {
          await client.mutate({ mutation: actionDocuments[action], variables: { id } });
        }
        return true;
      } catch (error) {
        const message = errorMessage(error as ErrorLike) ?? 'Something went wrong.';
        setErrors((current) => new Map(current).set(id, message));
        return false;
      } finally {
        setPending((current) => {
          const next = new Map(current);
          next.delete(id);
          return next;
        });
      }
    },
    [client],
  );

  return { run, pending, errors };
}

/* Catalog */

export const catalogPageSize = 50;

function withoutDuplicateEntries(entries: CatalogListEntry[]): CatalogListEntry[] {
  const seen = new Set<string>();
  return entries.filter((entry) => (seen.has(entry.name) ? false : (seen.add(entry.name), true)));
}

/**
 * One search of the catalog (the API matches name, title, description and tags), a page at a time.
 * While a new search is in flight the previous results stay on screen, marked `searching`.
 */
export function useCatalogSearch(search: string) {
  const variables = useMemo(() => ({ search: search.trim() || null, first: catalogPageSize }), [search]);
  const { data, previousData, loading, error, fetchMore } = useQuery(CatalogSearchDocument, { variables, fetchPolicy: 'cache-and-network' });
  const [loadingMore, setLoadingMore] = useState(false);
  const [loadMoreError, setLoadMoreError] = useState<string | null>(null);
  const page = (data ?? previousData)?.catalog;
  const current = data?.catalog;

  const loadMore = useCallback(async () => {
    if (!current?.hasNextPage || !current.endCursor) return;
    setLoadingMore(true);
    setLoadMoreError(null);
    try {
      await fetchMore({
        variables: { ...variables, after: current.endCursor },
        updateQuery: (previous, { fetchMoreResult }) => ({
          catalog: {
            ...fetchMoreResult.catalog,
            entries: withoutDuplicateEntries([...(previous.catalog?.entries ?? []), ...fetchMoreResult.catalog.entries]),
          },
        }),
      });
    } catch (caught) {
      setLoadMoreError(errorMessage(caught as ErrorLike));
    } finally {
      setLoadingMore(false);
    }
  }, [current, fetchMore, variables]);

  return {
    entries: page?.entries ?? [],
    totalCount: page?.totalCount ?? 0,
    hasNextPage: current?.hasNextPage ?? false,
    loading: loading && !page,
    searching: loading && Boolean(page) && !current,
    error: errorMessage(error) ?? loadMoreError,
    loadMore: useCallback(() => void loadMore(), [loadMore]),
    loadingMore,
  };
}

/** One catalog entry; `null` reads nothing (e.g. a server whose entry left the catalog). */
export function useCatalogEntry(name: string | null): { entry: CatalogEntryData | null; loading: boolean; error: string | null } {
  const { data, loading, error } = useQuery(CatalogEntryDocument, name === null ? skipToken : { variables: { name }, fetchPolicy: 'cache-and-network' });
  return { entry: data?.catalogEntry ?? null, loading: loading && !data, error: errorMessage(error) };
}

/* Enabling with configuration and secrets */

export interface ConfigEntry {
  key: string;
  value: unknown;
}

/** A secret to store: handed over at the call and not kept anywhere by the hook. */
export interface SecretEntry {
  name: string;
  value: string;
}

export type EnableOutcome =
  | { ok: true; server: ServerListItem }
  /** Nothing was enabled: the settings problems the API named (null when it refused for another reason), else `formError`. */
  | { ok: false; refusal: EnableRefusal | null; formError: string };

/** The first GraphQL error's message (the one about the input), else a plain word about the failure. */
export function firstMessage(error: unknown): string {
  if (CombinedGraphQLErrors.is(error)) {
    const message = error.errors[0]?.message;
    if (message) return message;
  }
  return errorMessage(error as ErrorLike) ?? 'Something went wrong.';
}

/**
 * A refused configuration value's message for its field: the places and problems the API names in
 * `extensions.invalidConfig` (its config-schema check), else the error's own message.
 */
function configErrorMessage(error: unknown): string {
  if (CombinedGraphQLErrors.is(error)) {
    for (const graphQLError of error.errors) {
      const message = configProblemMessage(invalidConfigOf(graphQLError.extensions));
      if (message) return message;
    }
  }
  return firstMessage(error);
}

/**
 * Enables a catalog entry with its configuration and secrets in one `enableServer` mutation: the API
 * stores them all with the server, or refuses (naming each problem in the error's extensions) and stores
 * nothing. Sent through the client with `no-cache`, so that no hook state or cache entry keeps the secret
 * values once the request is done; the cached server list learns of the server afterwards.
 */
export function useEnableServerWithConfig() {
  const client = useApolloClient();
  const [submitting, setSubmitting] = useState(false);

  const enable = useCallback(
    async (name: string, config: ConfigEntry[], secrets: SecretEntry[], start: boolean): Promise<EnableOutcome> => {
      setSubmitting(true);
      try {
        const { data } = await client.mutate({
          mutation: EnableServerDocument,
          variables: {
            name,
            start,
            config: config.length > 0 ? Object.fromEntries(config.map(({ key, value }) => [key, value])) : null,
            secrets: secrets.length > 0 ? Object.fromEntries(secrets.map(({ name: secret, value }) => [secret, value])) : null,
          },
          fetchPolicy: 'no-cache',
        });
        if (!data) return { ok: false, refusal: null, formError: 'The server returned nothing.' };
        client.cache.writeFragment({ fragment: ServerFieldsFragmentDoc, fragmentName: 'ServerFields', data: data.enableServer });
        addToServerList(client.cache, data.enableServer);
        return { ok: true, server: data.enableServer };
      } catch (error) {
        const refusal = CombinedGraphQLErrors.is(error)
          ? (error.errors.map((graphQLError) => enableRefusalOf(graphQLError.extensions)).find((found) => found !== null) ?? null)
          : null;
        return { ok: false, refusal, formError: firstMessage(error) };
      } finally {
        setSubmitting(false);
      }
    },
    [client],
  );

  return { enable, submitting };
}

/* A server's configuration values and secrets, after enabling */

/** Changes the cached server page (`ServerPageData`), or refetches it when it is not (wholly) cached. */
function updateServerDetail(client: ApolloClient, id: string, update: (server: ServerPageData) => ServerPageData): void {
  const written = client.cache.updateQuery({ query: ServerDetailDocument, variables: { id } }, (data) =>
    data?.server ? { server: update(data.server) } : undefined,
  );
  if (!written) void client.refetchQueries({ include: [ServerDetailDocument] }).catch(() => undefined);
}

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Stores one secret and notes its name (never its value) in the cached server. The value lives only in
 * this call's variables; `fetchPolicy: 'no-cache'` keeps the answer out of the result cache as well.
 */
async function storeSecret(client: ApolloClient, serverId: string, name: string, value: string): Promise<ServerSecretInfo> {
  const { data } = await client.mutate({ mutation: SetServerSecretDocument, variables: { serverId, name, value }, fetchPolicy: 'no-cache' });
  if (!data) throw new Error('The server returned nothing.');
  const secret = data.setServerSecret;
  updateServerDetail(client, serverId, (server) => ({ ...server, secrets: [...server.secrets.filter((s) => s.name !== name), secret].sort(byName) }));
  return secret;
}

export interface ServerSettings {
  /** Stores a secret; the refusal's message, or null. */
  setSecret(name: string, value: string): Promise<string | null>;
  /** Deletes a secret; the refusal's message, or null. */
  deleteSecret(name: string): Promise<string | null>;
  /** Stores and deletes configuration values: the refusals by key (empty when all went through). */
  saveConfig(set: readonly ConfigEntry[], remove: readonly string[]): Promise<Record<string, string>>;
}

/**
 * Changes a server's secrets (write-only: `setServerSecret` / `deleteServerSecret`) and configuration
 * values (`setServerConfig` / `deleteServerConfig`). The cached server page follows each change; the
 * server itself uses them from its next (re)start.
 */
export function useServerSettings(serverId: string): ServerSettings {
  const client = useApolloClient();

  const setSecret = useCallback(
    async (name: string, value: string): Promise<string | null> => {
      try {
        await storeSecret(client, serverId, name, value);
        return null;
      } catch (error) {
        return firstMessage(error);
      }
    },
    [client, serverId],
  );

  const deleteSecret = useCallback(
    async (name: string): Promise<string | null> => {
      try {
        await client.mutate({ mutation: DeleteServerSecretDocument, variables: { serverId, name } });
        updateServerDetail(client, serverId, (server) => ({ ...server, secrets: server.secrets.filter((s) => s.name !== name) }));
        return null;
      } catch (error) {
        return firstMessage(error);
      }
    },
    [client, serverId],
  );

  const saveConfig = useCallback(
    async (set: readonly ConfigEntry[], remove: readonly string[]): Promise<Record<string, string>> => {
      const errors: Record<string, string> = {};
      await Promise.all([
        ...set.map(async ({ key, value }) => {
          try {
            const { data } = await client.mutate({ mutation: SetServerConfigDocument, variables: { serverId, key, value } });
            const stored = data?.setServerConfig ?? { key, value };
            updateServerDetail(client, serverId, (server) => ({ ...server, config: [...server.config.filter((c) => c.key !== key), stored].sort(byKey) }));
          } catch (error) {
            errors[key] = configErrorMessage(error);
          }
        }),
        ...remove.map(async (key) => {
          try {
            await client.mutate({ mutation: DeleteServerConfigDocument, variables: { serverId, key } });
            updateServerDetail(client, serverId, (server) => ({ ...server, config: server.config.filter((c) => c.key !== key) }));
          } catch (error) {
            errors[key] = firstMessage(error);
          }
        }),
      ]);
      return errors;
    },
    [client, serverId],
  );

  return useMemo(() => ({ setSecret, deleteSecret, saveConfig }), [setSecret, deleteSecret, saveConfig]);
}
