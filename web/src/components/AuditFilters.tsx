import { useState, type FormEvent } from 'react';
import type { UserDetail } from '../graphql/admin-documents.ts';
import type { AuditLogFilter } from '../graphql/admin-hooks.ts';
import { UserFilterField } from './UserFilterField.tsx';

/** Actions the platform records, offered as suggestions; any other value can be typed. */
const knownActions = [
  'auth.login',
  'user.create',
  'user.change-password',
  'user.bootstrap-admin',
  'api-token.create',
  'api-token.revoke',
  'server.enable',
  'server.disable',
  'server.set-status',
  'audit.purge',
];

export function AuditFilters({ value, users, onChange }: { value: AuditLogFilter; users: UserDetail[]; onChange(filter: AuditLogFilter): void }) {
  const [action, setAction] = useState(value.action);
  const [actorId, setActorId] = useState(value.actorId);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onChange({ action: action.trim(), actorId });
  };
  const clear = () => {
    setAction('');
    setActorId('');
    onChange({ action: '', actorId: '' });
  };
  const active = value.action !== '' || value.actorId !== '';

  return (
    <form className="filters" onSubmit={onSubmit} role="search" aria-label="Filter the audit log" data-testid="audit-filters">
      <label className="field">
        <span>Action</span>
        <input
          name="action"
          list="audit-actions"
          placeholder="Any action"
          value={action}
          onChange={(e) => setAction(e.target.value)}
          data-testid="audit-filter-action"
        />
        <datalist id="audit-actions">
          {knownActions.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </label>
      <UserFilterField label="Actor" name="actor" value={actorId} users={users} onChange={setActorId} testId="audit-filter-actor" />
      <div className="filters__actions">
        <button type="submit" className="button button--primary" data-testid="audit-filter-apply">
          Apply
        </button>
        <button type="button" className="button button--ghost" onClick={clear} disabled={!active && !action && !actorId} data-testid="audit-filter-clear">
          Clear
        </button>
      </div>
    </form>
  );
}
