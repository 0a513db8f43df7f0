import { useState } from 'react';
import { AuditFilters } from '../components/AuditFilters.tsx';
import { AuditTable } from '../components/AuditTable.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useAuditLog, useUsers, type AuditLogFilter } from '../graphql/admin-hooks.ts';

export function AuditLogPage() {
  const [filter, setFilter] = useState<AuditLogFilter>({ action: '', actorId: '' });
  const log = useAuditLog(filter);
  const { users } = useUsers();

  return (
    <section className="card audit" aria-labelledby="audit-title">
      <div className="card__head">
        <h2 id="audit-title">Audit log</h2>
        <span className="muted" data-testid="audit-count">
          {log.events.length} shown{log.hasNextPage ? ', more below' : ''}
        </span>
      </div>
      <AuditFilters value={filter} users={users} onChange={setFilter} />
      <ErrorMessage message={log.error} testId="audit-error" />
      <ErrorMessage message={log.liveError} testId="audit-live-error" />
      {log.loading ? <p className="muted">Loading the audit log…</p> : <AuditTable events={log.events} />}
      {log.hasNextPage ? (
        <div className="load-more">
          <button type="button" className="button" onClick={log.loadMore} disabled={log.loadingMore} data-testid="audit-load-more">
            {log.loadingMore ? 'Loading…' : 'Load more'}
          </button>
        </div>
      ) : null}
    </section>
  );
}
