import type { ToolCallOutcome } from '../tool-call-activity.ts';

const looks: Record<ToolCallOutcome, { tone: string; label: string }> = {
  OK: { tone: 'running', label: 'OK' },
  TOOL_ERROR: { tone: 'warning', label: 'Tool error' },
  ERROR: { tone: 'error', label: 'Failed' },
  DENIED: { tone: 'stopped', label: 'Denied' },
};

/** How a tool call ended: answered, answered with an error, failed, or refused. */
export function ToolCallOutcomeBadge({ outcome, testId }: { outcome: ToolCallOutcome; testId?: string }) {
  const look = looks[outcome];
  return (
    <span className={`badge badge--${look.tone}`} data-testid={testId} data-outcome={outcome}>
      {look.label}
    </span>
  );
}
