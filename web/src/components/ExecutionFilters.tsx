import { useState, type FormEvent } from 'react';
import type { UserDetail } from '../graphql/admin-documents.ts';
import { emptyHistoryFilter, historyStatuses, type HistoryFilter } from '../run-command-form.ts';
import { UserFilterField } from './UserFilterField.tsx';

/** The history's filters: command and status, and for admins the user who ran it. Applied with Apply, emptied with Clear. */
export function ExecutionFilters({
  value,
  commands,
  users,
  onChange,
}: {
  value: HistoryFilter;
  commands: readonly string[];
  /** Null for non-admins: they see only their own runs. */
  users: readonly UserDetail[] | null;
  onChange(filter: HistoryFilter): void;
}) {
  const [draft, setDraft] = useState<HistoryFilter>(value);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onChange(draft);
  };
  const clear = () => {
    setDraft(emptyHistoryFilter);
    onChange(emptyHistoryFilter);
  };
  const active = Object.values(value).some(Boolean) || Object.values(draft).some(Boolean);
  const set = (key: keyof HistoryFilter) => (event: { target: { value: string } }) => setDraft((current) => ({ ...current, [key]: event.target.value }));

  return (
    <form className="filters" onSubmit={onSubmit} role="search" aria-label="Filter the runs" data-testid="runs-filters">
      <label className="field">
        <span>Command</span>
        <select name="command" value={draft.command} onChange={set('command')} data-testid="runs-filter-command">
          <option value="">Any command</option>
          {[...new Set([...commands, ...(draft.command ? [draft.command] : [])])].map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Status</span>
        <select name="status" value={draft.status} onChange={set('status')} data-testid="runs-filter-status">
          <option value="">Any status</option>
          {historyStatuses.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </select>
      </label>
      {users ? (
        <UserFilterField
          label="User"
          name="user"
          value={draft.startedBy}
          users={users}
          onChange={(startedBy) => setDraft((current) => ({ ...current, startedBy }))}
          testId="runs-filter-user"
        />
      ) : null}
      <div className="filters__actions">
        <button type="submit" className="button button--primary" data-testid="runs-filter-apply">
          Apply
        </button>
        <button type="button" className="button button--ghost" onClick={clear} disabled={!active} data-testid="runs-filter-clear">
          Clear
        </button>
      </div>
    </form>
  );
}
