import type { AuditEventSummary } from '../graphql/admin-documents.ts';
import { OutcomeBadge } from './OutcomeBadge.tsx';
import { Time } from './Time.tsx';

/** The detail object in one line (`email=a@b.c role=ADMIN`), for the target column. */
function describe(detail: unknown): string | null {
  if (detail === null || detail === undefined) return null;
  if (typeof detail !== 'object') return String(detail);
  const parts = Object.entries(detail as Record<string, unknown>)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
  return parts.length > 0 ? parts.join(' ') : null;
}

export function AuditTable({ events }: { events: AuditEventSummary[] }) {
  if (events.length === 0) return <p className="empty">No audit event matches.</p>;
  return (
    <div className="table-scroll">
      <table className="table table--dense" data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Outcome</th>
            <th scope="col">Source IP</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => {
            const detail = describe(event.detail);
            return (
              <tr key={event.id} data-testid={`audit-row-${event.id}`} data-action={event.action}>
                <td className="muted nowrap">
                  <Time value={event.occurredAt} />
                </td>
                <td className="nowrap">{event.actorEmail ?? <span className="muted">system</span>}</td>
                <td>
                  <span className="mono nowrap" data-testid={`audit-action-${event.id}`}>
                    {event.action}
                  </span>
                  <div className="muted small">{event.subgraph}</div>
                </td>
                <td>
                  {event.targetType}
                  {event.targetId ? (
                    <span className="mono muted" title={event.targetId}>
                      {' '}
                      {event.targetId.length > 12 ? `${event.targetId.slice(0, 8)}…` : event.targetId}
                    </span>
                  ) : null}
                  {detail ? (
                    <div className="audit__detail mono" title={detail} data-testid={`audit-detail-${event.id}`}>
                      {detail}
                    </div>
                  ) : null}
                </td>
                <td>
                  <OutcomeBadge id={event.id} outcome={event.outcome} />
                </td>
                <td className="mono muted">{event.sourceIp ?? '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
