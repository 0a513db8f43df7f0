import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ErrorLike } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { skipToken, useApolloClient, useQuery, useSubscription } from '@apollo/client/react';
import { addOutputChunk, isUnderWay } from '../execution-output.ts';
import { executionFilterInput, matchesHistoryFilter, runRefusalOf, type HistoryFilter, type RunRefusal } from '../run-command-form.ts';
import { errorMessage } from './errors.ts';
import { useLiveConnection } from './hooks.ts';
import { useLoadMore, usePrependLive, type PagedList } from './paged-list.ts';
import { useRefetchOnReconnect } from './use-refetch-on-reconnect.ts';
import {
  CancelExecutionDocument,
  ExecutionChangedDocument,
  ExecutionDocument,
  ExecutionOutputDocument,
  ExecutionsDocument,
  ExecutorCommandsDocument,
  RunCommandDocument,
  type ExecutionOutputChunk,
  type ExecutionsQuery,
  type ExecutionSummary,
  type ExecutorCommand,
} from './executor-documents.ts';

export type { ExecutionOutputChunk, ExecutionStatus, ExecutionSummary, ExecutorCommand } from './executor-documents.ts';

/** The commands the caller's role may run, with their arguments' schemas. */
export function useExecutorCommands(): { commands: ExecutorCommand[]; loading: boolean; error: string | null } {
  const { data, loading, error } = useQuery(ExecutorCommandsDocument, { fetchPolicy: 'cache-and-network' });
  return { commands: data?.executorCommands ?? [], loading: loading && !data, error: errorMessage(error) };
}

export type RunOutcome = { ok: true; execution: ExecutionSummary } | { ok: false; refusal: RunRefusal };

/**
 * runCommand: the new run (QUEUED or RUNNING), or the API's refusal read from its extensions (unknown
 * command, role, arguments, too many runs); a network failure is a refusal of kind OTHER with a plain message.
 */
export function useRunCommand(): { run(command: string, args: Record<string, unknown>, keys: readonly string[]): Promise<RunOutcome>; running: boolean } {
  const client = useApolloClient();
  const [running, setRunning] = useState(false);
  const run = useCallback(
    async (command: string, args: Record<string, unknown>, keys: readonly string[]): Promise<RunOutcome> => {
      setRunning(true);
      try {
        const { data } = await client.mutate({ mutation: RunCommandDocument, variables: { command, args } });
        if (!data) return { ok: false, refusal: runRefusalOf({ message: 'The executor answered nothing: try again.' }) };
        return { ok: true, execution: data.runCommand };
      } catch (error) {
        const first = CombinedGraphQLErrors.is(error) ? error.errors[0] : undefined;
        if (first) return { ok: false, refusal: runRefusalOf({ message: first.message, extensions: first.extensions ?? null }, keys) };
        return { ok: false, refusal: runRefusalOf({ message: errorMessage(error as ErrorLike) ?? 'The run was not started.' }) };
      } finally {
        setRunning(false);
      }
    },
    [client],
  );
  return { run, running };
}

/** cancelExecution: its answer is merged into `Execution:<id>`, so every view shows CANCELLED; the error's message otherwise. */
export function useCancelExecution(): { cancel(id: string): Promise<string | null>; cancelling: boolean } {
  const client = useApolloClient();
  const [cancelling, setCancelling] = useState(false);
  const cancel = useCallback(
    async (id: string): Promise<string | null> => {
      setCancelling(true);
      try {
        await client.mutate({ mutation: CancelExecutionDocument, variables: { id } });
        return null;
      } catch (error) {
        return errorMessage(error as ErrorLike) ?? 'The run was not cancelled.';
      } finally {
        setCancelling(false);
      }
    },
    [client],
  );
  return { cancel, cancelling };
}

/** While a run is under way its end is due; should its event have gone by before the subscription was in place, a slow poll still brings it. */
const underWayPollMs = 3_000;

/** One run, kept current by `executionChanged(id)` (and a slow poll while it is under way). */
export function useExecution(id: string): { execution: ExecutionSummary | null; loading: boolean; error: string | null; liveError: string | null } {
  const { data, loading, error, refetch, startPolling, stopPolling } = useQuery(ExecutionDocument, { variables: { id }, fetchPolicy: 'cache-and-network' });
  const { error: liveError } = useSubscription(ExecutionChangedDocument, { variables: { id } });
  useRefetchOnReconnect(refetch);
  const underWay = data?.execution ? isUnderWay(data.execution.status) : false;
  useEffect(() => {
    if (!underWay) return;
    startPolling(underWayPollMs);
    return () => stopPolling();
  }, [underWay, startPolling, stopPolling]);
  return { execution: data?.execution ?? null, loading: loading && !data, error: errorMessage(error), liveError: errorMessage(liveError) };
}

/**
 * What a run printed: `executionOutput` replays the stored chunks, then streams new ones; each is kept once (by
 * id) in `seq` order, so the replay a reconnection brings adds only what the drop missed. `received`: a chunk came
 * (every run has at least the executor's own note of its command line).
 */
export function useExecutionOutput(id: string): { chunks: readonly ExecutionOutputChunk[]; live: boolean; error: string | null; received: boolean } {
  const [chunks, setChunks] = useState<readonly ExecutionOutputChunk[]>([]);
  const { error } = useSubscription(ExecutionOutputDocument, {
    variables: { id, last: 5000 },
    onData: ({ data: event }) => {
      const chunk = event.data?.executionOutput;
      if (chunk) setChunks((current) => addOutputChunk(current, chunk));
    },
  });
  const connection = useLiveConnection();
  return { chunks, live: connection === 'connected' && !error, error: errorMessage(error), received: chunks.length > 0 };
}

const historyPageSize = 25;

const historyList: PagedList<ExecutionsQuery, ExecutionSummary> = {
  items: (data) => data.executions?.executions ?? [],
  withItems: (data, executions) => ({ executions: { ...data.executions, executions } }),
  key: (execution) => execution.id,
};

/**
 * The history, newest first: one page per `loadMore` (the cursor's next page appended to the cached query),
 * and each run `executionChanged` reports live: a known one updates in place (`Execution:<id>`), a new one
 * that fits the filter is prepended. A reconnection may have missed events, so it refetches. Rows that no
 * longer fit the filter (a run that finished under "RUNNING") leave the list.
 */
export function useExecutionHistory(filter: HistoryFilter, first = historyPageSize) {
  const variables = useMemo(() => ({ filter: executionFilterInput(filter), first }), [filter, first]);
  const { data, loading, error, fetchMore, refetch } = useQuery(ExecutionsDocument, { variables, fetchPolicy: 'cache-and-network' });
  const page = data?.executions;
  const { loadMore, loadingMore, loadMoreError } = useLoadMore({ page, variables, fetchMore, list: historyList });

  const prepend = usePrependLive({ query: ExecutionsDocument, variables, list: historyList, fits: (run) => matchesHistoryFilter(filter, run) });
  const { error: liveError } = useSubscription(ExecutionChangedDocument, {
    variables: { id: null },
    onData: ({ client, data: event }) => prepend(client.cache, event.data?.executionChanged),
  });
  useRefetchOnReconnect(refetch);

  const executions = useMemo(() => (page?.executions ?? []).filter((execution) => matchesHistoryFilter(filter, execution)), [page, filter]);
  return {
    executions,
    hasNextPage: page?.hasNextPage ?? false,
    loading: loading && !data,
    error: errorMessage(error) ?? loadMoreError,
    liveError: errorMessage(liveError),
    loadMore,
    loadingMore,
  };
}

/** The run whose arguments fill the Run page's form (Run again), read once; nothing without an id. */
export function useRunAgainSource(id: string | null): { source: ExecutionSummary | null; loading: boolean; error: string | null } {
  const { data, loading, error } = useQuery(ExecutionDocument, id ? { variables: { id }, fetchPolicy: 'cache-first' } : skipToken);
  return { source: id ? (data?.execution ?? null) : null, loading: id !== null && loading && !data, error: errorMessage(error) };
}
