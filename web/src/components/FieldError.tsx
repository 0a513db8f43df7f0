import type { ReactNode } from 'react';

/** A problem with one form field, shown under it and tied to the input with aria-describedby. */
export function FieldError({ id, message }: { id: string; message: string | null | undefined }) {
  if (!message) return null;
  return (
    <span className="field__error" id={id} role="alert" data-testid={id}>
      {message}
    </span>
  );
}

/**
 * What a field shows under its input: its error, else its hint (`aria-describedby` names the one shown:
 * see describedBy).
 */
export function FieldNote({ errorId, hintId, error, hint }: { errorId: string; hintId: string; error?: string | null; hint?: ReactNode }) {
  if (error || !hint) return <FieldError id={errorId} message={error} />;
  return (
    <span className="field__hint" id={hintId}>
      {hint}
    </span>
  );
}

/** The id of what FieldNote shows, for the input's aria-describedby. */
export function describedBy(errorId: string, hintId: string, error?: string | null, hint?: ReactNode): string | undefined {
  return error ? errorId : hint ? hintId : undefined;
}
