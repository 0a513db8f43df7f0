import type { InputHTMLAttributes, ReactNode } from 'react';
import { describedBy, FieldNote } from './FieldError.tsx';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'children'> {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  /** The input's test id; its error and hint ids derive from it unless given. */
  testId: string;
  error?: string | null;
  errorId?: string;
  /** Shown under the input while there is no error. */
  hint?: ReactNode;
}

/** A labelled input with its error (or hint) underneath, tied to it with aria-invalid and aria-describedby. */
export function TextField({ label, value, onChange, testId, error, errorId = `${testId}-error`, hint, ...input }: TextFieldProps) {
  const hintId = `${testId}-hint`;
  return (
    <label className="field">
      <span>{label}</span>
      <input
        {...input}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(errorId, hintId, error, hint)}
        data-testid={testId}
      />
      <FieldNote errorId={errorId} hintId={hintId} error={error} hint={hint} />
    </label>
  );
}
