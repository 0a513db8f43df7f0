import type { ConfigField, ConfigFieldValue } from '../config-schema.ts';
import { FieldError } from './FieldError.tsx';

export interface ConfigFieldInputProps {
  field: ConfigField;
  value: ConfigFieldValue | undefined;
  onChange(value: ConfigFieldValue): void;
  error: string | null | undefined;
  /** Begins the input's test id and the ids of its hint and error (`config`: `config-<key>`); unique per form on a page. */
  idPrefix?: string;
}

const hints: Partial<Record<ConfigField['kind'], string>> = {
  'string-list': 'One value per line.',
  json: 'JSON, e.g. {"key": "value"} or ["a", "b"].',
};

function bounds(field: ConfigField): string | null {
  if (field.kind !== 'number' && field.kind !== 'integer') return null;
  const { minimum, maximum } = field;
  if (minimum !== null && maximum !== null) return `From ${minimum} to ${maximum}.`;
  if (minimum !== null) return `${minimum} or more.`;
  if (maximum !== null) return `${maximum} or less.`;
  return null;
}

/** One generated input of a form generated from a JSON Schema (a configuration, a tool's arguments), labelled by the property and tied to its error or hint. */
export function ConfigFieldInput({ field, value, onChange, error, idPrefix = 'config' }: ConfigFieldInputProps) {
  const testId = `${idPrefix}-${field.key}`;
  const errorId = `${testId}-error`;
  const hintId = `${testId}-hint`;
  const hint = [field.hint ? field.hint.replace(/([^.!?])$/, '$1.') : null, hints[field.kind], bounds(field)].filter(Boolean).join(' ') || null;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  const common = {
    name: field.key,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    'aria-required': field.required || undefined,
    'data-testid': testId,
  } as const;
  const text = typeof value === 'string' ? value : '';

  const footer = (
    <>
      {hint ? (
        <span className="field__hint" id={hintId}>
          {hint}
        </span>
      ) : null}
      <FieldError id={errorId} message={error} />
    </>
  );

  const label = (
    <span>
      {field.label}
      {field.required ? (
        <span className="field__required" title="Required">
          {' '}
          *<span className="visually-hidden"> (required)</span>
        </span>
      ) : null}
      {field.label !== field.property ? <span className="field__key mono">{field.key}</span> : null}
    </span>
  );

  if (field.kind === 'boolean') {
    return (
      <div className="field field--check">
        <label className="check">
          <input type="checkbox" {...common} checked={value === true} onChange={(e) => onChange(e.target.checked)} />
          {label}
        </label>
        {footer}
      </div>
    );
  }

  let input;
  switch (field.kind) {
    case 'enum':
      input = (
        <select {...common} value={text} onChange={(e) => onChange(e.target.value)}>
          <option value="">{field.required ? 'Choose…' : '(not set)'}</option>
          {field.options.map((option, index) => (
            <option key={index} value={String(index)}>
              {option === null ? 'null' : String(option)}
            </option>
          ))}
        </select>
      );
      break;
    case 'string-list':
    case 'json':
      input = (
        <textarea
          {...common}
          className={field.kind === 'json' ? 'mono' : undefined}
          rows={field.kind === 'json' ? 4 : 3}
          spellCheck={false}
          value={text}
          onChange={(e) => onChange(e.target.value)}
        />
      );
      break;
    case 'number':
    case 'integer':
      input = (
        <input
          {...common}
          type="number"
          inputMode={field.kind === 'integer' ? 'numeric' : 'decimal'}
          step={field.kind === 'integer' ? 1 : 'any'}
          min={field.minimum ?? undefined}
          max={field.maximum ?? undefined}
          value={text}
          onChange={(e) => onChange(e.target.value)}
        />
      );
      break;
    default:
      input = <input {...common} type="text" autoComplete="off" value={text} onChange={(e) => onChange(e.target.value)} />;
  }

  return (
    <label className="field">
      {label}
      {input}
      {footer}
    </label>
  );
}
