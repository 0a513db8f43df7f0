import type { ExecutionStatus } from '../graphql/executor-hooks.ts';
import { isUnderWay } from '../execution-output.ts';

const tone: Record<ExecutionStatus, string> = {
  QUEUED: 'pending',
  RUNNING: 'pending',
  SUCCEEDED: 'running',
  FAILED: 'error',
  CANCELLED: 'stopped',
  TIMED_OUT: 'warning',
};

const label: Record<ExecutionStatus, string> = {
  QUEUED: 'QUEUED',
  RUNNING: 'RUNNING',
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
  TIMED_OUT: 'TIMED OUT',
};

/** A run's status; it spins while the run is under way. */
export function ExecutionStatusBadge({ status, testId, detail }: { status: ExecutionStatus; testId?: string; detail?: string | null }) {
  return (
    <span className={`badge badge--${tone[status] ?? 'stopped'}`} data-testid={testId} data-status={status} title={detail ?? undefined}>
      {isUnderWay(status) ? <span className="badge__spinner" aria-hidden="true" /> : null}
      {label[status] ?? status}
    </span>
  );
}
