import type { ServerStatusValue } from '@mcp-portal/schema/operations';

const tone: Record<ServerStatusValue, string> = {
  RUNNING: 'running',
  STARTING: 'pending',
  STOPPING: 'pending',
  STOPPED: 'stopped',
  ERROR: 'error',
};

export function StatusBadge({ name, status, detail }: { name: string; status: ServerStatusValue; detail?: string | null }) {
  return (
    <span
      className={`badge badge--${tone[status] ?? 'stopped'}`}
      data-testid={`status-${name}`}
      data-status={status}
      title={detail ?? undefined}
    >
      {status}
    </span>
  );
}
