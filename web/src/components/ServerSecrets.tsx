import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ServerSecretInfo, ServerSettings } from '../graphql/servers-hooks.ts';
import { secretRows, secretValueError, type DeclaredSecret, type SecretRow } from '../server-settings.ts';
import { SecretInput } from './SecretInput.tsx';
import { Time } from './Time.tsx';

export interface ServerSecretsProps {
  /** The secrets the server has (names and who set them when). */
  secrets: readonly ServerSecretInfo[];
  /** The secrets its catalog entry declares; empty while the entry loads or when it left the catalog. */
  declared: readonly DeclaredSecret[];
  /** Secrets the last failed start named as missing. */
  missing: readonly string[];
  /** Operators and admins: a write-only input, Save and Delete per secret. */
  canEdit: boolean;
  settings: ServerSettings;
  /** Called after a secret was stored or deleted. */
  onChanged(): void;
  /** Shown under the list (the restart hint after a change). */
  footer?: ReactNode;
}

/** The secrets of a server: what its catalog entry needs and whether it is set; values are never shown. */
export function ServerSecrets({ secrets, declared, missing, canEdit, settings, onChanged, footer }: ServerSecretsProps) {
  const rows = secretRows(declared, secrets, missing);
  return (
    <>
      {rows.length === 0 ? (
        <p className="muted" data-testid="secrets-none">
          This server needs no secrets.
        </p>
      ) : (
        <ul className="secrets" data-testid="server-secrets">
          {rows.map((row) => (
            <SecretItem key={row.name} row={row} canEdit={canEdit} settings={settings} onChanged={onChanged} />
          ))}
        </ul>
      )}
      {footer}
    </>
  );
}

function SecretItem({
  row,
  canEdit,
  settings,
  onChanged,
}: {
  row: SecretRow<ServerSecretInfo>;
  canEdit: boolean;
  settings: ServerSettings;
  onChanged(): void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<'save' | 'delete' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const { name, state } = row;
  const inputId = `secret-input-${name}`;

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const field = input.current;
    if (!field || busy) return;
    const problem = secretValueError(field.value);
    if (problem) {
      setError(problem);
      field.focus();
      return;
    }
    setBusy('save');
    setError(null);
    // The value goes from the input straight into the request; the input is emptied once it is stored.
    const refusal = await settings.setSecret(name, field.value);
    setBusy(null);
    if (refusal) {
      setError(refusal);
      field.focus();
      return;
    }
    field.value = '';
    onChanged();
  };

  const remove = async () => {
    setConfirming(false);
    setBusy('delete');
    setError(null);
    const refusal = await settings.deleteSecret(name);
    setBusy(null);
    if (refusal) setError(refusal);
    else onChanged();
  };

  return (
    <li className="secret" data-testid={`secret-row-${name}`} data-state={state ? 'set' : 'unset'}>
      <div className="secret__head">
        <span className="secret__name mono">{name}</span>
        {row.env ? (
          <span className="chip chip--static mono secret__env" title="Environment variable">
            {row.env}
          </span>
        ) : null}
        <span className={state ? 'secret__state' : 'secret__state secret__state--unset'} data-testid={`secret-state-${name}`}>
          {state ? (
            <>
              set <Time value={state.updatedAt} /> by {state.updatedBy.email}
            </>
          ) : (
            'not set'
          )}
        </span>
      </div>
      {row.description || row.example ? (
        <p className="secret__description muted">
          {row.description ? row.description.replace(/([^.!?])$/, '$1.') : null}
          {row.description && row.example ? ' ' : null}
          {row.example ? <span>e.g. {row.example}</span> : null}
        </p>
      ) : null}
      {!row.declared ? <p className="secret__description muted">Not declared by the catalog entry: the server is not given it.</p> : null}
      {canEdit ? (
        <form className="secret__form" onSubmit={(e) => void save(e)} noValidate aria-label={`Set the secret ${name}`}>
          <SecretInput
            id={inputId}
            name={name}
            env={null}
            error={error}
            inputRef={input}
            hideLabel
            disabled={busy !== null}
            onInput={error ? () => setError(null) : undefined}
          />
          <div className="secret__buttons">
            <button type="submit" className="button button--small button--primary" disabled={busy !== null} data-testid={`secret-save-${name}`}>
              {busy === 'save' ? 'Saving…' : 'Save'}
            </button>
            {state ? (
              confirming ? (
                <span className="confirm" role="group" aria-label={`Delete the secret ${name}?`}>
                  <span className="confirm__text">Delete {name}?</span>
                  <button
                    type="button"
                    className="button button--small button--danger"
                    onClick={() => void remove()}
                    data-testid={`secret-delete-confirm-${name}`}
                    autoFocus
                  >
                    Yes, delete
                  </button>
                  <button
                    type="button"
                    className="button button--small button--ghost"
                    onClick={() => {
                      setConfirming(false);
                      requestAnimationFrame(() => deleteButton.current?.focus());
                    }}
                    data-testid={`secret-delete-cancel-${name}`}
                  >
                    Cancel
                  </button>
                </span>
              ) : (
                <button
                  ref={deleteButton}
                  type="button"
                  className="button button--small"
                  disabled={busy !== null}
                  onClick={() => setConfirming(true)}
                  data-testid={`secret-delete-${name}`}
                >
                  {busy === 'delete' ? 'Deleting…' : 'Delete'}
                </button>
              )
            ) : null}
          </div>
        </form>
      ) : null}
    </li>
  );
}
