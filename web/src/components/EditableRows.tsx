import type { ReactNode } from 'react';
import { FieldError } from './FieldError.tsx';

export interface EditableRowsProps<Row> {
  legend: ReactNode;
  /** What one row is, for its buttons: "secret" gives "Add a secret" and "Remove secret 2". */
  itemName: string;
  rows: readonly Row[];
  onChange(rows: Row[]): void;
  /** A new row's content. */
  blank: Row;
  /** Test ids: `${testId}-add`, `${testId}-remove-<index>`, `${testId}-error` (the list as a whole). */
  testId: string;
  /** A problem of the list as a whole (e.g. too many items). */
  error?: string | null;
  hint?: ReactNode;
  renderRow(row: Row, index: number, change: (row: Row) => void): ReactNode;
}

/** A list of rows in a fieldset: each row's inputs and a Remove button, then Add. Buttons, so the keyboard reaches all of it. */
export function EditableRows<Row>({ legend, itemName, rows, onChange, blank, testId, error, hint, renderRow }: EditableRowsProps<Row>) {
  const change = (index: number) => (row: Row) => onChange(rows.map((current, at) => (at === index ? row : current)));
  return (
    <fieldset className="config-group rows" data-testid={testId}>
      <legend>{legend}</legend>
      {hint ? <p className="config-group__description muted">{hint}</p> : null}
      {rows.map((row, index) => (
        <div className="rows__row" key={index} data-testid={`${testId}-row-${index}`}>
          <div className="rows__fields">{renderRow(row, index, change(index))}</div>
          <button
            type="button"
            className="button button--small button--ghost rows__remove"
            onClick={() => onChange(rows.filter((_, at) => at !== index))}
            aria-label={`Remove ${itemName} ${index + 1}`}
            data-testid={`${testId}-remove-${index}`}
          >
            Remove
          </button>
        </div>
      ))}
      <FieldError id={`${testId}-error`} message={error} />
      <div>
        <button type="button" className="button button--small" onClick={() => onChange([...rows, blank])} data-testid={`${testId}-add`}>
          Add {/^[aeiou]/i.test(itemName) ? 'an' : 'a'} {itemName}
        </button>
      </div>
    </fieldset>
  );
}
