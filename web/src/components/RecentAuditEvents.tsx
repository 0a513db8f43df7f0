import { useAuditLog, type AuditLogFilter } from '../graphql/admin-hooks.ts';
import { paths } from '../paths.ts';
import { AuditTable } from './AuditTable.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';
import { NavLink } from './NavLink.tsx';

const everyEvent: AuditLogFilter = { action: '', actorId: '' };
const shown = 8;

/** The latest audit events (administrators only), new ones added live, and a link to the whole log. */
export function RecentAuditEvents() {
  const audit = useAuditLog(everyEvent, shown);
  return (
    <section className="card dashboard__wide" aria-labelledby="dashboard-audit-title" data-testid="dashboard-audit">
      <div className="card__head">
        <h2 id="dashboard-audit-title">Recent audit events</h2>
        <NavLink to={paths.audit} className="link" testId="dashboard-audit-link">
          Open the audit log
        </NavLink>
      </div>
      <ErrorMessage message={audit.error ?? audit.liveError} testId="dashboard-audit-error" />
      {audit.loading ? <p className="muted">Loading audit events…</p> : <AuditTable events={audit.events.slice(0, shown)} />}
    </section>
  );
}
