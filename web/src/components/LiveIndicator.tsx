import type { LiveState } from '../graphql/client.ts';

const labels: Record<LiveState, string> = {
  connecting: 'Connecting…',
  connected: 'Live',
  reconnecting: 'Reconnecting…',
};

export function LiveIndicator({ state }: { state: LiveState }) {
  return (
    <span className={`live live--${state}`} data-testid="live-indicator" data-state={state} role="status" aria-live="polite">
      <span className="live__dot" aria-hidden="true" />
      {labels[state]}
    </span>
  );
}
