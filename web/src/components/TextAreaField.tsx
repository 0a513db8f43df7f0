import type { ReactNode, Ref, TextareaHTMLAttributes } from 'react';
import { describedBy, FieldNote } from './FieldError.tsx';

export interface TextAreaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange' | 'children'> {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  /** The textarea's test id; its error and hint ids derive from it. */
  testId: string;
  error?: string | null;
  /** Shown under the textarea while there is no error. */
  hint?: ReactNode;
  ref?: Ref<HTMLTextAreaElement>;
}

/** TextField's multi-line sibling: a labelled textarea with its error (or hint) tied to it. */
export function TextAreaField({ label, value, onChange, testId, error, hint, className, ref, ...textarea }: TextAreaFieldProps) {
  const errorId = `${testId}-error`;
  const hintId = `${testId}-hint`;
  return (
    <label className={className ? `field ${className}` : 'field'}>
      <span>{label}</span>
      <textarea
        {...textarea}
        ref={ref}
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
