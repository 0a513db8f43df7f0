import { allowedActions } from './ServerActions.tsx';
import type { ServerListItem, ServerActions } from '../graphql/servers-hooks.ts';

export interface RestartHintProps {
  server: Pick<ServerListItem, 'id' | 'name' | 'status' | 'desiredState'>;
  actions: ServerActions;
  /** Called once the (re)start it offers was accepted. */
  onApplied(): void;
}

/**
 * After a configuration value or secret changed: the server reads them when it starts, so this offers
 * the action that brings the change into use — Restart while it runs, Start when it is stopped or failed.
 */
export function RestartHint({ server, actions, onApplied }: RestartHintProps) {
  const allowed = allowedActions(server);
  const pending = actions.pending.get(server.id);
  const error = actions.errors.get(server.id);
  const action = allowed.restart ? 'restart' : allowed.start ? 'start' : null;

  return (
    <div className="restart-hint" role="status" data-testid="restart-hint">
      <p className="restart-hint__text">
        {action === 'restart'
          ? 'Saved. Restart the server to use it.'
          : action === 'start'
            ? 'Saved. Start the server to use it.'
            : 'Saved. The server uses it from its next start.'}
      </p>
      {action ? (
        <button
          type="button"
          className="button button--small button--primary"
          disabled={pending !== undefined}
          onClick={() => {
            void actions.run(action, server).then((ok) => {
              if (ok) onApplied();
            });
          }}
          data-testid={`apply-${action}`}
        >
          {pending === action ? (action === 'restart' ? 'Restarting…' : 'Starting…') : action === 'restart' ? 'Restart' : 'Start'}
        </button>
      ) : null}
      {error ? (
        <p className="row-error" role="alert" data-testid="apply-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
