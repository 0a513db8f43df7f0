import type { ServerStatus } from '../graphql/servers-hooks.ts';

const tone: Record<ServerStatus, string> = {
  RUNNING: 'running',
  STARTING: 'pending',
  STOPPING: 'pending',
  STOPPED: 'stopped',
  UNHEALTHY: 'warning',
  FAILED: 'error',
};

/** True while the server moves between states (the badge spins, lifecycle buttons wait). */
export function inTransition(status: ServerStatus): boolean {
  return status === 'STARTING' || status === 'STOPPING';
}

export function StatusBadge({
  name,
  status,
  detail,
  testId = `status-${name}`,
}: {
  name: string;
  status: ServerStatus;
  detail?: string | null;
  testId?: string;
}) {
  return (
    <span className={`badge badge--${tone[status] ?? 'stopped'}`} data-testid={testId} data-status={status} title={detail ?? undefined}>
      {inTransition(status) ? <span className="badge__spinner" aria-hidden="true" /> : null}
      {status}
    </span>
  );
}
