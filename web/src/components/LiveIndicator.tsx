import type { LiveState } from '../graphql/client.ts';

const labels: Record<LiveState, string> = {
  connecting: 'Connecting…',
  connected: 'Live',
  reconnecting: 'Reconnecting…',
  idle: 'Idle',
};

export function LiveIndicator({ state }: { state: LiveState }) {
  return (
    <span
      className={`live live--${state}`}
      data-testid="live-indicator"
      data-state={state}
      role="status"
      aria-live="polite"
      title={state === 'idle' ? 'This page shows no live data.' : undefined}
    >
      <span className="live__dot" aria-hidden="true" />
      {labels[state]}
    </span>
  );
}
