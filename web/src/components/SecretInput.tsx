import type { Ref } from 'react';
import { FieldError } from './FieldError.tsx';

export interface SecretInputProps {
  /** The input's test id and element id; its error and hint ids derive from it. */
  id: string;
  /** The secret's name (e.g. `github.personal_access_token`). */
  name: string;
  /** The environment variable the server gets it in, when known. */
  env: string | null;
  description?: string | null;
  example?: string | null;
  required?: boolean;
  /** Shown with the hint, e.g. whether it is set already. */
  note?: string | null;
  error: string | null | undefined;
  inputRef: Ref<HTMLInputElement>;
  /** Visually hidden label (when a row already names the secret). */
  hideLabel?: boolean;
  disabled?: boolean;
  /** Called as the user types (e.g. to clear the field's error); the value is not passed on. */
  onInput?: () => void;
}

/**
 * A write-only secret field: a password input that React does not control, so the value lives only in
 * the input until the form reads it (a controlled input would copy it into state and into the DOM's
 * `value` attribute). Never pre-filled; the caller empties it once the value is stored.
 */
export function SecretInput({ id, name, env, description, example, required, note, error, inputRef, hideLabel, disabled, onInput }: SecretInputProps) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const hint =
    [description ? description.replace(/([^.!?])$/, '$1.') : null, example ? `e.g. ${example}` : null, env ? `Passed to the server as ${env}.` : null, note]
      .filter(Boolean)
      .join(' ') || null;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <label className="field secret-field">
      <span className={hideLabel ? 'visually-hidden' : undefined}>
        <span className="mono">{name}</span>
        {required ? (
          <span className="field__required" title="Required">
            {' '}
            *<span className="visually-hidden"> (required)</span>
          </span>
        ) : null}
        {hideLabel ? <span> (new value)</span> : null}
      </span>
      <input
        ref={inputRef}
        id={id}
        type="password"
        name={`secret-${name}`}
        autoComplete="new-password"
        autoCapitalize="off"
        autoCorrect="off"
        spellCheck={false}
        disabled={disabled}
        onInput={onInput ? () => onInput() : undefined}
        placeholder={hideLabel ? 'New value' : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        aria-required={required || undefined}
        data-testid={id}
      />
      {hint ? (
        <span className="field__hint" id={hintId}>
          {hint}
        </span>
      ) : null}
      <FieldError id={errorId} message={error} />
    </label>
  );
}
