import { useCallback, useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import type { SessionUser } from '../graphql/session-user.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { ExecutionFilters } from '../components/ExecutionFilters.tsx';
import { ExecutionsTable } from '../components/ExecutionsTable.tsx';
import { RunCommandForm, type RunPrefill } from '../components/RunCommandForm.tsx';
import { useUsers } from '../graphql/admin-hooks.ts';
import { useExecutionHistory, useExecutorCommands, useRunAgainSource, useRunCommand } from '../graphql/executor-hooks.ts';
import { executionPath } from '../paths.ts';
import { historyFilterOf, withHistoryFilter, type HistoryFilter } from '../run-command-form.ts';
import type { RunRefusal } from '../run-command-form.ts';

/** The history's filters with the user filter, whose list of users only admins may read. */
function AdminExecutionFilters(props: { value: HistoryFilter; commands: readonly string[]; onChange(filter: HistoryFilter): void }) {
  const { users } = useUsers();
  return <ExecutionFilters {...props} users={users} />;
}

/**
 * Running an allow-listed `docker mcp` command through the executor: pick one of the commands your role allows,
 * fill in its named arguments, Run; the page then moves to the run's terminal view. Below, the history of runs
 * (your own; admins: everyone's), filtered through the address, live, a page at a time.
 */
export function RunPage({ user }: { user: SessionUser }) {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const againId = params.get('again');
  const admin = user.role === 'ADMIN';
  const { commands, loading, error } = useExecutorCommands();
  const { source, loading: sourceLoading, error: sourceError } = useRunAgainSource(againId);
  const { run, running } = useRunCommand();
  const filter = useMemo(() => historyFilterOf(params), [params]);
  const history = useExecutionHistory(filter);

  const prefill = useMemo<RunPrefill | null>(() => (source ? { id: source.id, command: source.command, arguments: source.arguments } : null), [source]);

  const onRun = useCallback(
    async (command: string, args: Record<string, unknown>, keys: readonly string[]): Promise<RunRefusal | null> => {
      const outcome = await run(command, args, keys);
      if (!outcome.ok) return outcome.refusal;
      void navigate(executionPath(outcome.execution.id));
      return null;
    },
    [run, navigate],
  );

  const setFilter = (next: HistoryFilter) => setParams((current) => withHistoryFilter(current, next), { replace: true });
  const commandNames = commands.map((command) => command.name);
  const filterProps = { value: filter, commands: commandNames, onChange: setFilter };
  const filterKey = `${filter.command}|${filter.status}|${filter.startedBy}`;

  return (
    <>
      <section className="card" aria-labelledby="run-title" data-testid="run-page">
        <div className="card__head">
          <h2 id="run-title">Run a command</h2>
        </div>
        <p className="card__intro muted">
          Runs an allow-listed <span className="mono">docker mcp</span> command on the platform, as you and with your role. Only the commands your role allows
          are offered, and only their named arguments can be given.
        </p>
        <ErrorMessage message={error} testId="run-commands-error" />
        <ErrorMessage message={sourceError} testId="run-again-error" />
        {againId !== null && !sourceLoading && !source && !sourceError ? (
          <p className="notice notice--warning" data-testid="run-again-missing">
            The run to start from was not found (it may have been deleted after the retention period): choose a command below.
          </p>
        ) : null}
        {loading || sourceLoading ? (
          <p className="muted" role="status">
            Loading the commands…
          </p>
        ) : (
          <RunCommandForm key={prefill?.id ?? 'new'} commands={commands} prefill={prefill} onRun={onRun} running={running} />
        )}
      </section>
      <section className="card" aria-labelledby="runs-title" data-testid="runs-history">
        <div className="card__head">
          <h2 id="runs-title">{admin ? 'Runs' : 'Your runs'}</h2>
          <span className="muted" data-testid="runs-count">
            {history.executions.length} shown{history.hasNextPage ? ', more below' : ''}
          </span>
        </div>
        {admin ? <AdminExecutionFilters key={filterKey} {...filterProps} /> : <ExecutionFilters key={filterKey} {...filterProps} users={null} />}
        <ErrorMessage message={history.error} testId="runs-error" />
        <ErrorMessage message={history.liveError} testId="runs-live-error" />
        {history.loading ? <p className="muted">Loading the runs…</p> : <ExecutionsTable executions={history.executions} showUser={admin} />}
        {history.hasNextPage ? (
          <div className="load-more">
            <button type="button" className="button" onClick={history.loadMore} disabled={history.loadingMore} data-testid="runs-load-more">
              {history.loadingMore ? 'Loading…' : 'Load more'}
            </button>
          </div>
        ) : null}
      </section>
    </>
  );
}
