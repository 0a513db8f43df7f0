import type { AuditOutcome } from '../graphql/admin-documents.ts';

export function OutcomeBadge({ id, outcome }: { id: string; outcome: AuditOutcome }) {
  return (
    <span className={`badge badge--${outcome === 'SUCCESS' ? 'running' : 'error'}`} data-testid={`audit-outcome-${id}`} data-outcome={outcome}>
      {outcome}
    </span>
  );
}
