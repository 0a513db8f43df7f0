import { useRef, useState } from 'react';
import type { ServerListItem, ServerAction, ServerActions as Actions } from '../graphql/servers-hooks.ts';

const busyLabel: Record<ServerAction, string> = {
  start: 'Starting…',
  stop: 'Stopping…',
  restart: 'Restarting…',
  disable: 'Disabling…',
};

/** Which lifecycle actions make sense in a state (the API refuses the others with CONFLICT). */
export function allowedActions(server: Pick<ServerListItem, 'status' | 'desiredState'>): Record<Exclude<ServerAction, 'disable'>, boolean> {
  const { status, desiredState } = server;
  return {
    start: status === 'STOPPED' || status === 'FAILED',
    // Stopping a STARTING server cancels the start; a FAILED one the lifecycle still retries can be stopped too.
    stop: status === 'STARTING' || status === 'RUNNING' || status === 'UNHEALTHY' || (status === 'FAILED' && desiredState === 'RUNNING'),
    restart: status === 'RUNNING' || status === 'UNHEALTHY',
  };
}

export interface ServerActionsProps {
  server: Pick<ServerListItem, 'id' | 'name' | 'status' | 'desiredState'>;
  actions: Actions;
  /** Called once a disable went through (the detail page then leaves). */
  onDisabled?: () => void;
}

/**
 * Start / Stop / Restart / Disable for one server (operators and admins; the caller leaves it out for
 * viewers). Every button waits while an action on the server is in flight; Disable asks first.
 */
export function ServerActions({ server, actions, onDisabled }: ServerActionsProps) {
  const [confirming, setConfirming] = useState(false);
  const disableButton = useRef<HTMLButtonElement>(null);
  const pending = actions.pending.get(server.id);
  const busy = pending !== undefined;
  const allowed = allowedActions(server);
  const error = actions.errors.get(server.id);
  const { name } = server;

  const run = (action: ServerAction) => {
    void actions.run(action, server).then((ok) => {
      if (ok && action === 'disable') onDisabled?.();
    });
  };

  const button = (action: Exclude<ServerAction, 'disable'>, label: string) => (
    <button type="button" className="button button--small" disabled={busy || !allowed[action]} onClick={() => run(action)} data-testid={`${action}-${name}`}>
      {pending === action ? busyLabel[action] : label}
    </button>
  );

  return (
    <div className="server-actions" role="group" aria-label={`Actions for ${name}`} aria-busy={busy}>
      <div className="server-actions__buttons">
        {confirming ? (
          <span className="confirm" role="group" aria-label={`Disable ${name}?`}>
            <span className="confirm__text">Disable {name}?</span>
            <button
              type="button"
              className="button button--small button--danger"
              disabled={busy}
              onClick={() => {
                setConfirming(false);
                run('disable');
              }}
              data-testid={`disable-confirm-${name}`}
              autoFocus
            >
              Yes, disable
            </button>
            <button
              type="button"
              className="button button--small button--ghost"
              onClick={() => {
                setConfirming(false);
                // The Disable button comes back in the next render: keep the keyboard focus on it.
                requestAnimationFrame(() => disableButton.current?.focus());
              }}
              data-testid={`disable-cancel-${name}`}
            >
              Cancel
            </button>
          </span>
        ) : (
          <>
            {button('start', 'Start')}
            {button('stop', 'Stop')}
            {button('restart', 'Restart')}
            <button
              ref={disableButton}
              type="button"
              className="button button--small"
              disabled={busy}
              onClick={() => setConfirming(true)}
              data-testid={`disable-${name}`}
            >
              {pending === 'disable' ? busyLabel.disable : 'Disable'}
            </button>
          </>
        )}
      </div>
      {error ? (
        <p className="row-error" role="alert" data-testid={`action-error-${name}`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
