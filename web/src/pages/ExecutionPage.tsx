import { useState } from 'react';
import type { SessionUser } from '../graphql/session-user.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { ExecutionStatusBadge } from '../components/ExecutionStatusBadge.tsx';
import { ExecutionTerminal } from '../components/ExecutionTerminal.tsx';
import { NavLink } from '../components/NavLink.tsx';
import { Time } from '../components/Time.tsx';
import { useCancelExecution, useExecution, useExecutionOutput } from '../graphql/executor-hooks.ts';
import { commandLine, formatBytes, isUnderWay } from '../execution-output.ts';
import { paths, runAgainPath } from '../paths.ts';

function When({ value }: { value: string | null }) {
  return value ? <Time value={value} /> : <span className="muted">—</span>;
}

/**
 * One run's terminal view: its command line and status (its place in the queue while it waits), what it prints
 * as it prints it (executionOutput: the stored output first, then live), and once it ended its exit code, the
 * executor's message and whether the output was cut; Cancel while it is under way, Run again (the form filled
 * in with its arguments) once it ended. Your own runs; admins: anyone's.
 */
export function ExecutionPage({ id, user }: { id: string; user: SessionUser }) {
  const { execution, loading, error, liveError } = useExecution(id);
  const output = useExecutionOutput(id);
  const { cancel, cancelling } = useCancelExecution();
  const [cancelError, setCancelError] = useState<string | null>(null);

  const back = (
    <nav aria-label="Breadcrumb" className="breadcrumb">
      <NavLink to={paths.run} className="link" testId="back-to-run">
        ← Run
      </NavLink>
    </nav>
  );

  if (loading) {
    return (
      <>
        {back}
        <p className="muted" role="status">
          Loading the run…
        </p>
      </>
    );
  }
  if (!execution) {
    return (
      <>
        {back}
        <ErrorMessage message={error} testId="run-error" />
        {error ? null : (
          <p className="empty" data-testid="run-not-found">
            No such run: it may have been deleted after the retention period, or it is someone else’s.
          </p>
        )}
      </>
    );
  }

  const underWay = isUnderWay(execution.status);
  const line = commandLine(execution.argv);
  const onCancel = async () => {
    setCancelError(null);
    setCancelError(await cancel(execution.id));
  };
  const mine = execution.startedBy.id === user.id;

  return (
    <>
      {back}
      <section className="card run" aria-labelledby="run-view-title" data-testid="run-view" data-status={execution.status}>
        <div className="card__head">
          <h2 id="run-view-title" className="mono run__title">
            {execution.command}
          </h2>
          <ExecutionStatusBadge status={execution.status} detail={execution.message} testId="run-status" />
        </div>
        <p className="run__line">
          <span className="visually-hidden">Command line: </span>
          <code className="mono" data-testid="run-command-line">
            $ {line}
          </code>
        </p>
        {execution.status === 'QUEUED' ? (
          <p className="notice notice--warning" role="status" data-testid="run-queue-position">
            Waiting in the queue
            {execution.queuePosition !== null ? `: ${execution.queuePosition === 1 ? 'next to start' : `number ${execution.queuePosition}`}` : ''}.
          </p>
        ) : null}
        <dl className="facts" data-testid="run-facts">
          <dt>Run by</dt>
          <dd data-testid="run-started-by">{mine ? `${execution.startedBy.email} (you)` : execution.startedBy.email}</dd>
          <dt>Asked for</dt>
          <dd>
            <When value={execution.startedAt} />
          </dd>
          <dt>Started</dt>
          <dd>
            <When value={execution.runningAt} />
          </dd>
          <dt>Ended</dt>
          <dd>
            <When value={execution.finishedAt} />
          </dd>
          <dt>Output</dt>
          <dd data-testid="run-output-size">
            {execution.outputLines} {execution.outputLines === 1 ? 'line' : 'lines'}, {formatBytes(execution.outputBytes)}
          </dd>
        </dl>
        <ErrorMessage message={error} testId="run-error" />
        <ErrorMessage message={liveError ?? output.error} testId="run-live-error" />
        <ExecutionTerminal
          chunks={output.chunks}
          label={`Output of ${line}`}
          waiting={output.live ? (underWay ? 'Waiting for output…' : 'No output.') : 'Connecting…'}
        />
        {!underWay ? (
          <div className="run__outcome" role="status" data-testid="run-outcome">
            <p>
              {execution.exitCode !== null ? (
                <>
                  Exit code{' '}
                  <strong className="mono" data-testid="run-exit-code">
                    {execution.exitCode}
                  </strong>
                  .{' '}
                </>
              ) : null}
              {execution.message ? <span data-testid="run-message">{execution.message}</span> : null}
            </p>
            {execution.outputTruncated ? (
              <p className="notice notice--warning" data-testid="run-truncated">
                The output went past the executor’s cap: the rest was dropped and the run was ended.
              </p>
            ) : null}
          </div>
        ) : null}
        <ErrorMessage message={cancelError} testId="run-cancel-error" />
        <div className="form__actions">
          {underWay ? (
            <button type="button" className="button button--danger" onClick={() => void onCancel()} disabled={cancelling} data-testid="run-cancel">
              {cancelling ? 'Cancelling…' : 'Cancel'}
            </button>
          ) : null}
          <NavLink to={runAgainPath(execution.id)} className="button" testId="run-again">
            Run again
          </NavLink>
        </div>
      </section>
    </>
  );
}
